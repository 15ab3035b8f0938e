/* The charts of a page (the indicator page's, the yearly follow-up's one per indicator):
 * vega-embed draws each Vega-Lite spec that the page carries in a
 * <script type="application/json"> (Django's json_script). No eval (vega-interpreter), no
 * injected styles, so it runs under a strict Content Security Policy. The table beside each
 * chart holds the same values; without JavaScript the page shows that table only. */
(function () {
  "use strict";

  // Vega wraps no text: break the title into lines that fit the container.
  function wrap(text, width) {
    var lines = [];
    text.split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= width) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines;
  }

  // On a phone: one subtitle part a line, one legend column, slanted year labels.
  function narrow(spec, width) {
    if (spec.title) {
      spec.title.subtitle = [].concat(spec.title.subtitle || []).reduce(function (lines, line) {
        return lines.concat(line.split(" · "));
      }, []);
    }
    var encoding = spec.encoding || {};
    if (encoding.color) {
      encoding.color.legend = Object.assign({}, encoding.color.legend, {
        columns: 1,
        labelLimit: Math.max(width - 80, 120),
      });
    }
    if (encoding.x) {
      encoding.x.axis = Object.assign({}, encoding.x.axis, { labelAngle: -45 });
    }
  }

  // One chart: the container names the json_script element that holds its payload.
  function drawOne(container) {
    var source = document.getElementById(container.getAttribute("data-spec"));
    if (!source) {
      return;
    }
    var payload = JSON.parse(source.textContent);
    var spec = payload.spec;
    container.classList.add("chart-pending");
    if (spec.title) {
      // The title comes in short lines (for print); use the width the screen has.
      var title = [].concat(spec.title.text).join(" ");
      spec.title.text = wrap(title, Math.min(Math.floor(container.clientWidth / 8), 90));
    }
    if (container.clientWidth < 640) {
      narrow(spec, container.clientWidth);
    }
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
      .vegaEmbed(container, spec, options)
      .then(function () {
        var fallback = container.querySelector(".chart-fallback");
        if (fallback) {
          fallback.remove();
        }
        container.classList.remove("chart-pending");
        container.classList.add("chart-ready");
      })
      .catch(function (error) {
        container.classList.remove("chart-pending");
        container.classList.add("chart-failed");
        if (window.console) {
          window.console.error("The chart could not be drawn:", error);
        }
      });
  }

  // Every chart on the page: the indicator page has one (#indicator-chart), the yearly
  // follow-up one per indicator; each .chart-canvas[data-spec] is drawn on its own.
  function draw() {
    if (typeof window.vegaEmbed !== "function" || !window.vega) {
      return;
    }
    var containers = document.querySelectorAll(".chart-canvas[data-spec]");
    Array.prototype.forEach.call(containers, drawOne);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
