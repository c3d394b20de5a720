/* Ignore a second click on a submit button within two seconds (GOV.UK's prevent-double-click).
   The server also stores each referral once, whatever arrives. */
(function () {
  "use strict";
  var WINDOW_MS = 2000;
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-prevent-double-click]") : null;
    if (!button) { return; }
    var last = parseInt(button.getAttribute("data-last-click") || "0", 10);
    var now = Date.now();
    if (now - last < WINDOW_MS) {
      event.preventDefault();
      return;
    }
    button.setAttribute("data-last-click", String(now));
  });
})();
