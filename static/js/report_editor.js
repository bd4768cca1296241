// The report editor. Each text that may hold figure placeholders ({study.count},
// {study.type.lecture@theme:3}) is shown as editable text with the placeholders as
// chips that read 【中心组学习（理论武装）：9次】; the textarea it mirrors is what the form
// sends, so without this script the secretary edits the placeholders as text.
(function () {
  "use strict";

  var labelsNode = document.getElementById("chip-labels");
  var labels = labelsNode ? JSON.parse(labelsNode.textContent) : {};
  var PLACEHOLDER = /\{([a-z_]+(?:\.[a-z_]+)+(?:@[a-z]+:[0-9a-z_]+(?:,[a-z]+:[0-9a-z_]+)*)?)\}/g;
  var active = null;  // the editor the secretary was last in, and where
  var activeRange = null;

  function chip(code, label) {
    var node = document.createElement("span");
    node.className = "figure-chip";
    node.contentEditable = "false";
    node.setAttribute("data-code", code);
    node.textContent = "【" + (label || labels[code] || code) + "】";
    return node;
  }

  function render(editor, text) {
    editor.replaceChildren();
    var last = 0;
    text.replace(PLACEHOLDER, function (match, code, offset) {
      if (offset > last) { editor.append(text.slice(last, offset)); }
      editor.append(chip(code));
      last = offset + match.length;
      return match;
    });
    if (last < text.length) { editor.append(text.slice(last)); }
  }

  function serialise(node) {
    var out = "";
    node.childNodes.forEach(function (child) {
      if (child.nodeType === Node.TEXT_NODE) { out += child.textContent; }
      else if (child.hasAttribute && child.hasAttribute("data-code")) { out += "{" + child.getAttribute("data-code") + "}"; }
      else if (child.nodeName === "BR") { out += "\n"; }
      else { out += (child.nodeName === "DIV" && out ? "\n" : "") + serialise(child); }
    });
    return out;
  }

  function remember(editor) {
    var selection = window.getSelection();
    if (selection.rangeCount && editor.contains(selection.getRangeAt(0).startContainer)) {
      active = editor;
      activeRange = selection.getRangeAt(0).cloneRange();
    }
  }

  document.querySelectorAll("textarea[data-chip-editor]").forEach(function (area) {
    var editor = document.createElement("div");
    editor.className = "form-control chip-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    var label = document.querySelector("label[for='" + area.id + "']");
    if (label) { editor.setAttribute("aria-label", label.textContent.trim()); }
    render(editor, area.value);
    area.classList.add("d-none");
    area.after(editor);
    editor.mirror = area;
    function sync() { area.value = serialise(editor); }
    editor.addEventListener("input", function () { sync(); remember(editor); });
    editor.addEventListener("focus", function () { active = editor; });
    editor.addEventListener("paste", function (event) {  // plain text only
      event.preventDefault();
      var text = (event.clipboardData || window.clipboardData).getData("text");
      document.execCommand("insertText", false, text);
    });
  });

  // Typing through an input method (every phone's) fires no key events: follow the caret itself.
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection.rangeCount) { return; }
    var node = selection.getRangeAt(0).startContainer;
    var editor = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    editor = editor && editor.closest(".chip-editor");
    if (editor) { remember(editor); }
  });

  function insert(node) {
    var editor = active || document.querySelector(".chip-editor");
    if (!editor) { return; }
    var range = activeRange;
    if (!range || !editor.contains(range.startContainer)) {
      range = document.createRange();
      range.selectNodeContents(editor);
      range.collapse(false);
    }
    range.deleteContents();
    range.insertNode(node);
    range.setStartAfter(node);
    range.collapse(true);
    activeRange = range;
    editor.mirror.value = serialise(editor);
    editor.focus();
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.querySelectorAll("[data-insert-placeholder]").forEach(function (button) {
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the caret
    button.addEventListener("click", function () {
      var code = button.getAttribute("data-insert-placeholder");
      labels[code] = labels[code] || button.getAttribute("data-chip-label");
      insert(chip(code, labels[code]));
    });
  });
  document.querySelectorAll("[data-insert-text]").forEach(function (button) {
    button.addEventListener("mousedown", function (event) { event.preventDefault(); });
    button.addEventListener("click", function () {
      // Material goes into its own section's text, at the caret if the secretary is there.
      var card = button.closest(".report-section");
      var own = card && card.querySelector(".chip-editor");
      if (own && active !== own) { active = own; activeRange = null; }
      insert(document.createTextNode(button.getAttribute("data-insert-text")));
    });
  });

  var filter = document.querySelector("[data-figure-filter]");
  if (filter) {
    filter.addEventListener("input", function () {
      var words = filter.value.trim();
      document.querySelectorAll("[data-figure-row]").forEach(function (row) {
        row.classList.toggle("d-none", words !== "" && row.getAttribute("data-figure-row").indexOf(words) === -1);
      });
    });
  }

  // Sections and plan items move up and down; their order fields follow.
  function renumber(list) {
    list.querySelectorAll("[data-reorder-item]").forEach(function (item, index) {
      var order = item.querySelector(".order-input");
      if (order) { order.value = (index + 1) * 10; }
    });
  }
  document.querySelectorAll("[data-reorder]").forEach(function (list) {
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) { return; }
      var item = button.closest("[data-reorder-item]");
      if (button.getAttribute("data-move") === "up" && item.previousElementSibling) {
        list.insertBefore(item, item.previousElementSibling);
      } else if (button.getAttribute("data-move") === "down" && item.nextElementSibling) {
        list.insertBefore(item.nextElementSibling, item);
      }
      renumber(list);
      button.focus();
    });
  });
})();
