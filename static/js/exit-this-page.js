/* Exit this page: hide the site at once and replace it with the neutral site.
   Works on click and on three presses of Shift within five seconds. Without JavaScript the
   control is a plain link to /exit/, which clears the session and redirects. */
(function () {
  "use strict";
  var SHIFT_PRESSES = 3;
  var WINDOW_MS = 5000;

  function leave(button) {
    document.title = "Loading";
    document.body.className += " exit-this-page--exiting";
    var overlay = document.createElement("div");
    overlay.className = "exit-this-page__overlay";
    document.body.innerHTML = "";
    document.body.appendChild(overlay);
    // Go through /exit/ so the server forgets any answers; replace() drops this page from history.
    window.location.replace(button.getAttribute("href"));
  }

  function init() {
    var button = document.querySelector(".exit-this-page__button");
    if (!button) { return; }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      leave(button);
    });
    var presses = [];
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { presses = []; return; }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < WINDOW_MS; });
      presses.push(now);
      if (presses.length >= SHIFT_PRESSES) { leave(button); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
