/* Content pages: draw the status symbols (shape + colour) next to status labels. */
(function () {
  "use strict";
  if (!window.jvSymbols) return;
  Array.prototype.forEach.call(document.querySelectorAll(".status-swatch"), function (span) {
    if (!span.firstChild) span.appendChild(window.jvSymbols.statusIcon(span.getAttribute("data-status"), 14));
  });
})();
