/* Content pages: draw the status symbols (shape + colour) next to status labels. */
(function () {
  "use strict";
  var sym = window.jv && window.jv.symbols;
  if (!sym) return;
  Array.prototype.forEach.call(document.querySelectorAll(".status-swatch"), function (span) {
    if (!span.firstChild) span.appendChild(sym.statusIcon(span.getAttribute("data-status"), 14));
  });
})();
