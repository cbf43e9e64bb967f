/* The dashboard's charts (Chart.js, vendored): each <canvas data-chart="ID"> draws the
   configuration kept in <script type="application/json" id="ID"> (Django's json_script), so no
   inline script runs under the Content-Security-Policy. No animation, and redrawn for printing. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
  Chart.defaults.animation = false;
  var percent = function (value) { return value + "%"; };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var config = JSON.parse(source.textContent);
    config.options = config.options || {};
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    config.options.devicePixelRatio = Math.max(window.devicePixelRatio || 1, 2);
    var scale = config.options.indexAxis === "y" ? "x" : "y";
    config.options.scales = config.options.scales || {};
    config.options.scales[scale] = Object.assign({ min: 0, max: 100, ticks: { callback: percent } }, config.options.scales[scale] || {});
    new Chart(canvas, config);
  });
  window.addEventListener("beforeprint", function () {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  });
  window.addEventListener("afterprint", function () {
    Object.values(Chart.instances).forEach(function (chart) { chart.resize(); });
  });
})();
