// The appraisal desk's small behaviours, driven by data attributes (no inline script: CSP).
(function () {
  "use strict";

  // Irreversible actions: <form data-confirm="question" data-working="label">. htmx forms ask
  // through their own hx-confirm; plain forms are asked here, then show that they are working.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("hx-post")) {
      return;
    }
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    if (form.dataset.working) {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
        button.textContent = form.dataset.working;
      });
    }
  });

  // A verdict's reason belongs to that verdict: "eligible" sends none, so its box is disabled
  // (what was typed stays, in case the appraiser picks another verdict again).
  function syncReason(form) {
    var checked = form.querySelector("input[type=radio][name$='-verdict']:checked");
    var reason = form.querySelector(".reason-field textarea");
    if (reason) {
      reason.disabled = !!checked && checked.value === "eligible";
    }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.type === "radio" && target.form &&
        target.form.classList.contains("appraise-form")) {
      syncReason(target.form);
    }
  });

  function syncAll(root) {
    (root || document).querySelectorAll("form.appraise-form").forEach(syncReason);
  }

  document.addEventListener("DOMContentLoaded", function () { syncAll(document); });
  document.addEventListener("htmx:afterSettle", function () { syncAll(document); });
})();
