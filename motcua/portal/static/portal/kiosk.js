// Kiosk mode: back to the start screen after a while without a touch, and a full-screen button.
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-kiosk-idle") || "90", 10) * 1000;
  var home = body.getAttribute("data-kiosk-home") || "/portal/kiosk/";
  var timer = null;
  function reset() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(function () { if (location.pathname !== home || location.search) { location.href = home; } }, idle);
  }
  ["touchstart", "mousedown", "keydown", "scroll"].forEach(function (name) { document.addEventListener(name, reset, { passive: true }); });
  reset();
  var full = document.getElementById("kiosk-fullscreen");
  if (full && document.documentElement.requestFullscreen) {
    full.addEventListener("click", function () { document.documentElement.requestFullscreen().catch(function () {}); });
  } else if (full) { full.hidden = true; }
})();
