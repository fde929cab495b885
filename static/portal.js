// The quick exit, as an enhancement of the plain link to /portal/exit.
// With JavaScript, leaving blanks the page at once and uses
// location.replace, so Back does not return to the portal; pressing Shift
// three times does the same, with a countdown announced to screen readers.
(function () {
  "use strict";
  var link = document.getElementById("exit-this-page");
  var status = document.getElementById("exit-this-page-status");
  if (!link) { return; }
  function leave() {
    document.body.className += " portal-blank";
    document.title = "Weather";
    window.location.replace(link.href);
  }
  link.addEventListener("click", function (e) { e.preventDefault(); leave(); });
  var presses = 0, timer = null;
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Shift" || e.repeat) { return; }
    presses++;
    clearTimeout(timer);
    timer = setTimeout(function () {
      presses = 0;
      if (status) { status.textContent = "Leave this site cancelled."; }
    }, 5000);
    if (presses >= 3) {
      if (status) { status.textContent = "Leaving this site."; }
      leave();
    } else if (status) {
      status.textContent = "Shift, press " + (3 - presses) + " more " + (3 - presses === 1 ? "time" : "times") + " to leave this site.";
    }
  });
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
