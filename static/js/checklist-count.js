/* Criteria self-check and wizard checklist: keep a running count of 'yes' answers.
   Progressive enhancement only: without JavaScript the count is worked out on the server
   after the form is sent. The count element is a polite live region, so screen readers hear
   the new total after each change without losing their place. */
(function () {
  "use strict";

  function init() {
    var output = document.querySelector("[data-checklist-count]");
    if (!output) { return; }
    var scope = output.closest("form") || document;
    var total = output.getAttribute("data-total");
    var threshold = output.getAttribute("data-threshold");

    function update() {
      var count = scope.querySelectorAll('input[data-counts][value="yes"]:checked').length;
      var noun = count === 1 ? "answer" : "answers";
      var text = count + " 'yes' " + noun + " out of " + total + " (threshold " + threshold + ")";
      // Only touch the live region when the total changes, so nothing is announced on load.
      if (output.textContent !== text) { output.textContent = text; }
    }

    scope.addEventListener("change", function (event) {
      var target = event.target;
      if (target && target.hasAttribute && target.hasAttribute("data-counts")) { update(); }
    });
    output.classList.remove("js-only");
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
