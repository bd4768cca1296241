// Behaviour shared by every page. No inline scripts anywhere: a strict
// Content-Security-Policy can then forbid them.
(function () {
  "use strict";

  // Buttons that ask before doing something hard to undo.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  // Rows of background jobs that are still running poll their state until done.
  function pollJob(row) {
    var url = row.getAttribute("data-job-status-url");
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        row.querySelector("[data-job-state]").textContent = job.state_label;
        row.querySelector("[data-job-message]").textContent = job.error || job.queue_error || "";
        if (!job.finished) { window.setTimeout(function () { pollJob(row); }, 2000); }
      })
      .catch(function () { window.setTimeout(function () { pollJob(row); }, 5000); });
  }
  document.querySelectorAll("[data-job-status-url]").forEach(pollJob);
})();
