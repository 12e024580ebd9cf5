// A form sent back with errors: move focus to its error summary, as GOV.UK services do, so
// that screen readers read it first and keyboard users start from its links to the fields.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
