// Follows a background job (a Kolada sync): polls its status as JSON and updates the progress
// bar and the status line (a polite live region); reloads the page when the job has ended, so
// the result is shown. Without JavaScript the page has a refresh link instead.
(function () {
  "use strict";
  var box = document.querySelector(".job-progress[data-status-url]");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var line = box.querySelector(".job-status");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + " %";
        if (line.textContent !== job.text) line.textContent = job.text;
        if (job.active) window.setTimeout(poll, 1500);
        else window.location.assign(job.url);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
