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

  // Previews of the photos chosen in a record form, before they are uploaded.
  var previews = document.querySelector("[data-photo-previews]");
  function showPreviews() {
    previews.replaceChildren();
    document.querySelectorAll("[data-photo-input]").forEach(function (input) {
      Array.prototype.forEach.call(input.files, function (file) {
        var img = document.createElement("img");
        img.className = "rounded";
        img.alt = file.name;
        img.src = URL.createObjectURL(file);
        previews.appendChild(img);
      });
    });
  }
  if (previews) {
    document.querySelectorAll("[data-photo-input]").forEach(function (input) {
      input.addEventListener("change", showPreviews);
    });
  }

  // "Select all" for bulk actions.
  document.querySelectorAll("[data-check-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      var boxes = document.querySelectorAll("input[name='" + button.getAttribute("data-check-all") + "']");
      var allChecked = Array.prototype.every.call(boxes, function (box) { return box.checked; });
      boxes.forEach(function (box) { box.checked = !allChecked; });
    });
  });
})();
