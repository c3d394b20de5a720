/* Warn five minutes before an idle referral is deleted, and let the referrer keep it.
   Without JavaScript the page states the deletion time instead. */
(function () {
  "use strict";
  var WARN_BEFORE_SECONDS = 5 * 60;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function init() {
    var box = document.querySelector("[data-module=wizard-timeout]");
    if (!box) { return; }
    var secondsLeft = parseInt(box.getAttribute("data-seconds-left"), 10);
    if (isNaN(secondsLeft)) { return; }
    var warning = box.querySelector(".timeout__warning");
    var keep = box.querySelector(".timeout__keep");
    var warnTimer, expireTimer;

    function schedule(seconds) {
      clearTimeout(warnTimer);
      clearTimeout(expireTimer);
      warnTimer = setTimeout(function () { warning.hidden = false; keep.focus(); },
        Math.max(0, seconds - WARN_BEFORE_SECONDS) * 1000);
      expireTimer = setTimeout(function () {
        window.location.replace(box.getAttribute("data-expired-url"));
      }, seconds * 1000);
    }

    keep.addEventListener("click", function () {
      var request = new XMLHttpRequest();
      request.open("POST", box.getAttribute("data-keep-alive-url"));
      request.setRequestHeader("X-CSRFToken", csrfToken());
      request.onload = function () {
        if (request.status === 204) {
          warning.hidden = true;
          schedule(parseInt(box.getAttribute("data-idle-minutes"), 10) * 60);
        }
      };
      request.send();
    });
    schedule(secondsLeft);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
