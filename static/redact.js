// Enhancement for the redaction view: selecting words in the note fills in
// the "remove other words" form (which works on its own without this).
(function () {
  "use strict";
  var box = document.getElementById("redaction-text");
  var exact = document.getElementById("exact");
  var occ = document.getElementById("occurrence");
  if (!box || !exact || !occ) { return; }
  box.addEventListener("mouseup", function () {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !box.contains(sel.anchorNode)) { return; }
    var text = sel.toString();
    if (!text.trim()) { return; }
    // Count which occurrence was selected, from the text before it.
    var range = sel.getRangeAt(0).cloneRange();
    range.selectNodeContents(box);
    range.setEnd(sel.getRangeAt(0).startContainer, sel.getRangeAt(0).startOffset);
    var before = range.toString();
    var n = 1, i = before.indexOf(text);
    while (i !== -1) { n++; i = before.indexOf(text, i + 1); }
    exact.value = text;
    occ.value = String(n);
    exact.focus();
  });
})();
