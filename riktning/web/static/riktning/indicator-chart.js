/* The indicator page's chart: vega-embed draws the Vega-Lite spec that the page carries in a
 * <script type="application/json"> (Django's json_script). No eval (vega-interpreter), no
 * injected styles, so it runs under a strict Content Security Policy. The table beside the
 * chart holds the same values; without JavaScript the page shows that table only. */
(function () {
  "use strict";

  function draw() {
    var container = document.getElementById("indicator-chart");
    if (!container || typeof window.vegaEmbed !== "function" || !window.vega) {
      return;
    }
    var source = document.getElementById(container.getAttribute("data-spec"));
    if (!source) {
      return;
    }
    var payload = JSON.parse(source.textContent);
    var options = {
      renderer: "svg",
      actions: false,
      ast: true,
      expr: window.vega.expressionInterpreter,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    };
    if (payload.formatLocale) {
      options.formatLocale = payload.formatLocale;
    }
    window
      .vegaEmbed(container, payload.spec, options)
      .then(function () {
        var fallback = container.querySelector(".chart-fallback");
        if (fallback) {
          fallback.remove();
        }
        container.classList.add("chart-ready");
      })
      .catch(function (error) {
        container.classList.add("chart-failed");
        if (window.console) {
          window.console.error("The chart could not be drawn:", error);
        }
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
