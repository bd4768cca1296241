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
        else if (row.hasAttribute("data-reload-when-done")) { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(function () { pollJob(row); }, 5000); });
  }
  document.querySelectorAll("[data-job-status-url]").forEach(pollJob);

  // The record form's photos. Shots from the camera button and picks from the gallery
  // gather in the one file input that is submitted; each preview can be taken out
  // again before saving.
  var gallery = document.querySelector("[data-photo-input]");
  var previews = document.querySelector("[data-photo-previews]");
  function setFiles(files) {
    var transfer = new DataTransfer();
    files.forEach(function (file) { transfer.items.add(file); });
    gallery.files = transfer.files;
    showPreviews();
  }
  function showPreviews() {
    previews.replaceChildren();
    Array.prototype.forEach.call(gallery.files, function (file, index) {
      var item = document.createElement("div");
      item.className = "photo-preview position-relative";
      var img = document.createElement("img");
      img.className = "rounded";
      img.alt = file.name;
      img.src = URL.createObjectURL(file);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-sm btn-light position-absolute top-0 end-0 p-0 px-1";
      remove.setAttribute("aria-label", file.name);
      remove.textContent = "×";
      remove.addEventListener("click", function () {
        setFiles(Array.prototype.filter.call(gallery.files, function (f, i) { return i !== index; }));
      });
      item.append(img, remove);
      previews.appendChild(item);
    });
  }
  if (gallery && previews && window.DataTransfer) {
    var kept = [];
    gallery.addEventListener("click", function () { kept = Array.prototype.slice.call(gallery.files); });
    gallery.addEventListener("change", function () {
      setFiles(kept.concat(Array.prototype.slice.call(gallery.files)));
    });
    var camera = document.querySelector("[data-photo-camera]");
    if (camera) {
      camera.addEventListener("change", function () {
        setFiles(Array.prototype.slice.call(gallery.files).concat(Array.prototype.slice.call(camera.files)));
        camera.value = "";
      });
    }
  }

  // A form marked data-once is sent once: its buttons wait, saying so, until the page answers.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sending")) { event.preventDefault(); return; }
      form.setAttribute("data-sending", "1");
      var pressed = event.submitter;
      if (pressed && pressed.name) {  // a disabled button is not sent: carry its value over
        var carried = document.createElement("input");
        carried.type = "hidden";
        carried.name = pressed.name;
        carried.value = pressed.value;
        form.appendChild(carried);
      }
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
          if (button === pressed && button.getAttribute("data-busy-label")) {
            button.textContent = button.getAttribute("data-busy-label");
          }
        });
      }, 0);
    });
  });

  // "Select all" for bulk actions.
  document.querySelectorAll("[data-check-all]").forEach(function (button) {
    button.addEventListener("click", function () {
      var boxes = document.querySelectorAll("input[name='" + button.getAttribute("data-check-all") + "']");
      var allChecked = Array.prototype.every.call(boxes, function (box) { return box.checked; });
      boxes.forEach(function (box) { box.checked = !allChecked; });
    });
  });
})();
