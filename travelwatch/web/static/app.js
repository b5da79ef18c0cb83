// The only script of the dashboard: filter menus apply on change.
// Everything works without it (the forms have a submit button).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select.autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
