/* Staff area behaviour: selection → excerpt form, bulk action options, tick-all.
   Everything also works without this script (forms post normally). */
(function () {
  "use strict";

  /* Offset of (node, offset) within a block: count the characters of the text nodes before it. */
  function offsetIn(block, node, offset) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    var total = 0, current;
    while ((current = walker.nextNode())) {
      if (current === node) return total + offset;
      total += current.nodeValue.length;
    }
    // The boundary is an element: count the text before its child at `offset`.
    if (node.nodeType === Node.ELEMENT_NODE) {
      var range = document.createRange();
      range.setStart(block, 0);
      range.setEnd(node, offset);
      return range.toString().length;
    }
    return null;
  }

  function onSelection() {
    var form = document.getElementById("excerpt-form");
    var selection = window.getSelection();
    if (!form || !selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    var range = selection.getRangeAt(0);
    var start = range.startContainer.nodeType === Node.ELEMENT_NODE ? range.startContainer : range.startContainer.parentElement;
    var block = start && start.closest(".text-block");
    if (!block || !block.contains(range.endContainer)) return;
    var from = offsetIn(block, range.startContainer, range.startOffset);
    var to = offsetIn(block, range.endContainer, range.endOffset);
    if (from === null || to === null || to <= from) return;
    var text = block.textContent.slice(from, to);
    if (!text.trim()) return;
    form.querySelector("#excerpt-text").value = text;
    form.querySelector("#excerpt-attachment").value = block.dataset.attachment || "";
    form.querySelector("#excerpt-page").value = block.dataset.page || "";
    form.querySelector("#excerpt-start").value = from;
    form.querySelector("#excerpt-end").value = to;
    form.classList.add("border", "border-primary", "rounded", "p-2");
  }

  /* Typing in the passage box means the offsets no longer apply: the server will find the text. */
  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "excerpt-text") {
      ["excerpt-attachment", "excerpt-page", "excerpt-start", "excerpt-end"].forEach(function (id) {
        var field = document.getElementById(id);
        if (field) field.value = "";
      });
    }
  });
  document.addEventListener("mouseup", function () { window.setTimeout(onSelection, 0); });
  document.addEventListener("keyup", function (event) { if (event.shiftKey) onSelection(); });

  function showBulkOptions() {
    var select = document.getElementById("bulk-action");
    if (!select) return;
    document.querySelectorAll(".bulk-option").forEach(function (option) {
      option.hidden = option.dataset.for !== select.value;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.id === "bulk-action") showBulkOptions();
    if (event.target.id === "select-all") {
      document.querySelectorAll(".row-check").forEach(function (box) { box.checked = event.target.checked; });
    }
  });
  document.addEventListener("DOMContentLoaded", showBulkOptions);
  document.addEventListener("htmx:afterSettle", showBulkOptions);
})();
