// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to an error summary so screen-reader users hear it first.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // Ask before leaving a note form with unsaved text.
  var dirty = false;
  document.querySelectorAll("textarea[name=body]").forEach(function (t) {
    t.addEventListener("input", function () { dirty = true; });
    if (t.form) { t.form.addEventListener("submit", function () { dirty = false; }); }
  });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });
})();
