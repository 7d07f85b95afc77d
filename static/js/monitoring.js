// The dashboard's campaign picker: go to the chosen campaign's page.
document.querySelectorAll("select[data-navigate]").forEach((select) => {
  select.addEventListener("change", () => {
    window.location.assign(select.value);
  });
});
