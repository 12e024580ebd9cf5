// Warn a signed-in user two minutes before the idle timeout signs them out, and let them
// stay signed in. Loaded as a file: the Content Security Policy allows no inline script.
(function () {
  "use strict";
  var body = document.body;
  // At the session's absolute end (12 hours after signing in) the server has already
  // forgotten it: go to the sign-in page, which then says why, and comes back here after.
  var secondsLeft = parseInt(body.dataset.sessionSecondsLeft || "", 10);
  var endedUrl = body.dataset.sessionEndedUrl;
  if (endedUrl && !isNaN(secondsLeft)) {
    window.setTimeout(function () {
      var here = window.location.pathname + window.location.search;
      window.location.assign(endedUrl + "&next=" + encodeURIComponent(here));
    }, (secondsLeft + 1) * 1000);
  }
  var idleSeconds = parseInt(body.dataset.sessionIdleSeconds || "0", 10);
  var keepAliveUrl = body.dataset.keepAliveUrl;
  var dialog = document.getElementById("session-timeout-dialog");
  if (!idleSeconds || !keepAliveUrl || !dialog) {
    return;
  }
  var warnAfter = Math.max(idleSeconds - 120, 10) * 1000;
  var timer;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      dialog.hidden = false;
      dialog.querySelector("button").focus();
    }, warnAfter);
  }

  dialog.querySelector("button").addEventListener("click", function () {
    fetch(keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.ok) {
        dialog.hidden = true;
        schedule();
      } else {
        window.location.reload();
      }
    });
  });
  schedule();
})();
