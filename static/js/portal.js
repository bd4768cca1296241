// Behaviour shared by every page. No inline scripts anywhere: a strict
// Content-Security-Policy can then forbid them.
(function () {
  "use strict";

  // Buttons that ask before doing something hard to undo.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (!button) { return; }
    // A form still missing something (a reason) says so first; asking to confirm comes after.
    if (button.form && !button.form.checkValidity()) { return; }
    if (!window.confirm(button.getAttribute("data-confirm"))) {
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

  // The record form with photos is sent by XMLHttpRequest: camera originals are first
  // made smaller (long side at most 2,560 px, as JPEG, keeping their EXIF capture time),
  // the upload shows its progress, and on a weak signal a dropped upload can be tried
  // again with everything still in the page. The form's one-time token makes a retry
  // that reached the server after all harmless. Without photos it is sent as usual.
  var MAX_SIDE = 2560;
  var uploadForm = document.querySelector("form[data-upload-progress]");
  if (uploadForm && gallery && window.FormData && window.XMLHttpRequest && window.HTMLCanvasElement) {
    uploadForm.addEventListener("submit", function (event) {
      if (event.defaultPrevented || !gallery.files.length || uploadForm.getAttribute("data-sending")) { return; }
      event.preventDefault();
      uploadForm.setAttribute("data-sending", "1");
      var data = new FormData(uploadForm);
      if (event.submitter && event.submitter.name) { data.set(event.submitter.name, event.submitter.value); }
      var status = uploadStatus();
      status.say(uploadForm.getAttribute("data-label-preparing"), 0);
      Promise.all(Array.prototype.map.call(gallery.files, shrink)).then(function (files) {
        data.delete(gallery.name);
        files.forEach(function (file) { data.append(gallery.name, file, file.name); });
        send(data, status);
      });
    });
  }
  function uploadStatus() {
    var box = uploadForm.querySelector("[data-upload-status]");
    var bar = box.querySelector(".progress-bar");
    var text = box.querySelector("[data-upload-text]");
    var retry = box.querySelector("[data-upload-retry]");
    box.hidden = false;
    retry.hidden = true;
    uploadForm.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
    return {
      say: function (message, percent) {
        text.textContent = message;
        bar.style.width = percent + "%";
        bar.parentNode.setAttribute("aria-valuenow", String(percent));
      },
      failed: function (message, again) {
        text.textContent = message;
        retry.hidden = !again;  // no retry where the same files would be refused again
        retry.onclick = function () { retry.hidden = true; again(); };
        if (!again) { uploadForm.removeAttribute("data-sending"); }
      }
    };
  }
  function send(data, status) {
    var request = new XMLHttpRequest();
    request.open("POST", uploadForm.action || window.location.href);
    request.upload.onprogress = function (event) {
      if (event.lengthComputable) {
        var percent = Math.round((event.loaded / event.total) * 100);
        status.say(uploadForm.getAttribute("data-label-uploading") + " " + percent + "%", percent);
      }
    };
    request.onload = function () {
      if (request.status === 0) { return dropped(); }
      if (request.status === 413) {  // a proxy's size limit: nothing was saved, nothing is lost
        return status.failed(uploadForm.getAttribute("data-label-too-large"), null);
      }
      if (request.status >= 500) {  // the server failed, not the signal: say so, keep everything
        return status.failed(uploadForm.getAttribute("data-label-server"), function () { send(data, status); });
      }
      status.say(uploadForm.getAttribute("data-label-done"), 100);
      // The page the server answered with: the record's, saved (the redirect was followed,
      // and its message is in it), or the form again with its errors and the photos kept.
      var address = request.responseURL || window.location.href;
      document.open();
      document.write(request.responseText);
      document.close();
      if (address !== window.location.href) { window.history.replaceState(null, "", address); }
    };
    function dropped() { status.failed(uploadForm.getAttribute("data-label-failed"), function () { send(data, status); }); }
    request.onerror = dropped;
    request.ontimeout = dropped;
    request.timeout = 300000;
    request.send(data);
  }
  function shrink(file) {
    if (!/^image\/jpeg$/.test(file.type) && !/^image\/(png|webp)$/.test(file.type)) { return Promise.resolve(file); }
    return file.arrayBuffer().then(function (bytes) {
      return new Promise(function (resolve) {
        var image = new Image();
        var url = URL.createObjectURL(file);
        image.onerror = function () { URL.revokeObjectURL(url); resolve(file); };  // the server says why
        image.onload = function () {
          URL.revokeObjectURL(url);
          var scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
          if (scale === 1 && file.size < 3 * 1024 * 1024) { return resolve(file); }
          var canvas = document.createElement("canvas");
          canvas.width = Math.round(image.naturalWidth * scale);
          canvas.height = Math.round(image.naturalHeight * scale);
          canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);  // upright already
          canvas.toBlob(function (blob) {
            if (!blob) { return resolve(file); }
            var exif = file.type === "image/jpeg" ? exifSegment(new Uint8Array(bytes)) : null;
            var parts = exif ? [blob.slice(0, 2), exif, blob.slice(2)] : [blob];
            var name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
            resolve(new File(parts, name, { type: "image/jpeg", lastModified: file.lastModified }));
          }, "image/jpeg", 0.9);
        };
        image.src = url;
      });
    });
  }
  // The original's EXIF segment (APP1), its orientation set to upright because the canvas
  // drew the pixels upright: the server reads the capture time from it, then drops it.
  function exifSegment(bytes) {
    if (bytes[0] !== 0xFF || bytes[1] !== 0xD8) { return null; }
    var at = 2;
    while (at + 4 < bytes.length && bytes[at] === 0xFF) {
      var marker = bytes[at + 1];
      var length = (bytes[at + 2] << 8) | bytes[at + 3];
      if (marker === 0xE1 && String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]) === "Exif") {
        var segment = bytes.slice(at, at + 2 + length);
        upright(segment, 10);
        return segment;
      }
      if (marker === 0xDA) { return null; }
      at += 2 + length;
    }
    return null;
  }
  function upright(segment, tiff) {
    var little = segment[tiff] === 0x49;
    function read16(offset) { return little ? segment[offset] | (segment[offset + 1] << 8) : (segment[offset] << 8) | segment[offset + 1]; }
    function read32(offset) { return little ? (read16(offset) | (read16(offset + 2) << 16)) : ((read16(offset) << 16) | read16(offset + 2)); }
    var ifd = tiff + read32(tiff + 4);
    if (ifd + 2 > segment.length) { return; }
    var count = read16(ifd);
    for (var i = 0; i < count; i++) {
      var entry = ifd + 2 + i * 12;
      if (entry + 12 > segment.length) { return; }
      if (read16(entry) === 0x0112) {  // Orientation: a SHORT, its value in the entry itself
        segment[entry + 8] = little ? 1 : 0;
        segment[entry + 9] = little ? 0 : 1;
      }
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

  // After the back button a page comes from the browser's cache as it was left, its
  // buttons still waiting: let its forms be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-sending]").forEach(function (form) {
      form.removeAttribute("data-sending");
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = false; });
    });
  });

  // A search box that chooses one row (portal.forms.SearchSelect): typing asks the server,
  // the answers list under the box; arrows, Enter and Escape work as in a select, and a
  // tap chooses on a phone. Typing without choosing keeps the choice; emptying clears it.
  document.querySelectorAll("[data-search-select]").forEach(function (box) {
    var input = box.querySelector("[data-search-input]");
    var value = box.querySelector("[data-search-value]");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[data-search-status]");
    var dateInput = input.form && input.form.querySelector("[name=date]");
    var chosen = input.value, timer = null, asked = 0, active = -1;
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function mark(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) { option.classList.toggle("active", i === active); option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }
    function choose(option) {
      // An answer still on its way (a slow network, a keystroke's timer) must not open
      // the list again over the form once a row is chosen.
      window.clearTimeout(timer);
      asked++;
      value.value = option.getAttribute("data-id");
      input.value = chosen = option.textContent;
      status.textContent = "";
      close();
    }
    function show(results) {
      list.replaceChildren();
      results.forEach(function (row, i) {
        var option = document.createElement("li");
        option.className = "list-group-item list-group-item-action";
        option.id = input.id + "_option_" + i;
        option.setAttribute("role", "option");
        option.setAttribute("data-id", row.id);
        option.textContent = row.label;
        // mousedown, not click: choosing must happen before the box loses focus.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(option); });
        list.appendChild(option);
      });
      list.hidden = !results.length;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      status.textContent = results.length ? "" : box.getAttribute("data-label-none");
      active = -1;
    }
    function ask() {
      var url = new URL(box.getAttribute("data-search-select"), window.location.href);
      url.searchParams.set("q", input.value);
      if (dateInput && dateInput.value) { url.searchParams.set("date", dateInput.value); }
      var mine = ++asked;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (answer) { if (mine === asked && document.activeElement === input) { show(answer.results); } })
        .catch(function () { if (mine === asked) { close(); status.textContent = box.getAttribute("data-label-failed"); } });
    }
    input.addEventListener("input", function () {
      if (!input.value.trim()) { value.value = ""; chosen = ""; }  // emptied: nothing is linked
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 250);
    });
    input.addEventListener("focus", function () { if (!value.value) { ask(); } });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden) { ask(); } else { mark(active + 1); } }
      else if (event.key === "ArrowUp") { event.preventDefault(); mark(active - 1); }
      else if (event.key === "Enter" && !list.hidden && active >= 0) { event.preventDefault(); choose(list.querySelectorAll("[role=option]")[active]); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () {
      close();
      input.value = value.value ? chosen : "";  // typed but not chosen: the choice stays as it was
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
