// Behaviour every page shares. No inline script anywhere (strict CSP): texts and settings come
// from the data attributes of #app-config (templates/base.html), translated by the server.
(function () {
  "use strict";
  var config = document.getElementById("app-config");
  var text = function (name) { return (config && config.dataset[name]) || ""; };

  // 1. File inputs in Vietnamese whatever the browser's language: the native control says
  //    "Choose File / No file chosen" in the system's language; a button and the chosen name
  //    replace it (the input itself stays, hidden, and is what the form sends).
  function enhanceFileInput(input) {
    if (input.dataset.enhanced) { return; }
    input.dataset.enhanced = "1";
    var picker = document.createElement("div");
    picker.className = "file-picker";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary btn-sm";
    button.textContent = text("fileChoose");
    button.dataset.testid = "file-choose";
    var name = document.createElement("span");
    name.className = "file-picker-name small";
    name.textContent = text("fileNone");
    input.parentNode.insertBefore(picker, input);
    picker.appendChild(input);
    picker.appendChild(button);
    picker.appendChild(name);
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      name.textContent = names.length ? names.join(", ") : text("fileNone");
    });
  }
  function enhanceFileInputs(root) {
    Array.prototype.forEach.call(root.querySelectorAll("input[type=file]"), enhanceFileInput);
  }

  // 2. Drafts: what is typed in a form marked data-draft is kept in this browser's localStorage
  //    as it is typed, with the version of the record it was typed on. If the page comes back
  //    with the same version (the save never happened: the session had expired, the network
  //    failed), the typed text is put back; a newer version means it was saved: dropped.
  function draftFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "version") { return false; }
      if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") { return true; }
      return el.tagName === "INPUT" && ["text", "number", "email", "tel", ""].indexOf(el.type) >= 0;
    });
  }
  function draftKey(form) { return "thidua-draft:" + location.pathname + location.search + ":" + form.dataset.draft; }
  function versionOf(form) { var v = form.elements.namedItem("version"); return v ? String(v.value) : ""; }
  function setupDraft(form) {
    var key = draftKey(form);
    var storage;
    try { storage = window.localStorage; } catch (e) { return; }
    if (!storage) { return; }
    var saved = null;
    try { saved = JSON.parse(storage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved && saved.version !== versionOf(form)) { storage.removeItem(key); saved = null; }
    if (saved && saved.values) {
      var original = {};
      var changed = false;
      draftFields(form).forEach(function (el) {
        original[el.name] = el.value;
        if (Object.prototype.hasOwnProperty.call(saved.values, el.name) && saved.values[el.name] !== el.value) {
          el.value = saved.values[el.name];
          changed = true;
        }
      });
      if (changed) {
        var note = document.createElement("div");
        note.className = "alert alert-info d-flex flex-wrap align-items-center gap-2";
        note.dataset.testid = "draft-restored";
        note.setAttribute("role", "status");
        var span = document.createElement("span");
        span.textContent = text("draftRestored");
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "btn btn-sm btn-outline-secondary";
        discard.textContent = text("draftDiscard");
        discard.addEventListener("click", function () {
          draftFields(form).forEach(function (el) {
            if (Object.prototype.hasOwnProperty.call(original, el.name)) { el.value = original[el.name]; }
          });
          storage.removeItem(key);
          note.remove();
        });
        note.appendChild(span);
        note.appendChild(discard);
        form.parentNode.insertBefore(note, form);
      }
    }
    var timer = null;
    function save() {
      var values = {};
      draftFields(form).forEach(function (el) { values[el.name] = el.value; });
      try {
        storage.setItem(key, JSON.stringify({ version: versionOf(form), values: values, at: Date.now() }));
      } catch (e) { /* storage full or refused: nothing to keep */ }
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 300); });
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
  }

  // 3. The session's clock: a warning some minutes before it expires, with a button that
  //    extends it; once expired, a link to log in again (the draft is kept meanwhile).
  function setupSessionClock() {
    if (!config || config.dataset.sessionRemaining === undefined) { return; }
    var alertBox = document.getElementById("session-alert");
    var remaining = parseInt(config.dataset.sessionRemaining, 10);
    var warning = parseInt(config.dataset.sessionWarning, 10) || 300;
    var expiresAt = Date.now() + remaining * 1000;
    var warnTimer = null;
    var expireTimer = null;
    function show(message, button) {
      alertBox.textContent = "";
      var p = document.createElement("div");
      p.textContent = message;
      alertBox.appendChild(p);
      if (button) { button.classList.add("mt-2"); alertBox.appendChild(button); }
      alertBox.classList.remove("d-none");
    }
    function expired() {
      var link = document.createElement("a");
      link.className = "btn btn-sm btn-primary";
      link.href = config.dataset.sessionLogin;
      link.textContent = text("sessionLoginLabel");
      link.dataset.testid = "session-login";
      alertBox.dataset.state = "expired";
      show(text("sessionExpired"), link);
    }
    function extend() {
      var body = new URLSearchParams();
      body.append("csrfmiddlewaretoken", config.dataset.csrf);
      fetch(config.dataset.sessionKeepalive, {
        method: "POST", body: body, credentials: "same-origin", redirect: "manual",
        headers: { "X-CSRFToken": config.dataset.csrf }
      }).then(function (response) {
        if (!response.ok) { throw new Error("session"); }
        return response.json();
      }).then(function (data) {
        alertBox.classList.add("d-none");
        schedule(data.remaining);
      }).catch(expired);
    }
    function warn() {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-warning";
      button.textContent = text("sessionExtend");
      button.dataset.testid = "session-extend";
      button.addEventListener("click", extend);
      alertBox.dataset.state = "soon";
      show(text("sessionSoon"), button);
    }
    function schedule(seconds) {
      clearTimeout(warnTimer);
      clearTimeout(expireTimer);
      expiresAt = Date.now() + seconds * 1000;
      warnTimer = setTimeout(warn, Math.max(0, (seconds - warning) * 1000));
      expireTimer = setTimeout(expired, Math.max(0, seconds * 1000));
    }
    schedule(remaining);
    // A laptop that slept misses its timers: look again when the page is shown.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && Date.now() >= expiresAt) { expired(); }
    });
  }

  // 4. "Add a row" of a Django formset: <div data-formset="prefix"> holding the rows, a
  //    <template data-formset-empty> (the formset's empty_form) and a [data-formset-add] button.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-formset-add]") : null;
    if (!button) { return; }
    var box = button.closest("[data-formset]");
    var prefix = box.dataset.formset;
    var total = document.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var empty = box.querySelector("template[data-formset-empty]");
    if (!total || !empty) { return; }
    var index = parseInt(total.value, 10) || 0;
    var holder = document.createElement("div");
    holder.innerHTML = empty.innerHTML.replace(/__prefix__/g, String(index));
    var row = holder.firstElementChild;
    box.insertBefore(row, empty);
    total.value = String(index + 1);
    var first = row.querySelector("select, input, textarea");
    if (first) { first.focus(); }
  });

  function init(root) {
    enhanceFileInputs(root);
    Array.prototype.forEach.call(root.querySelectorAll("form[data-draft]"), setupDraft);
  }
  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    setupSessionClock();
  });
  document.addEventListener("htmx:load", function (event) { enhanceFileInputs(event.target); });
})();
