// Parley web desk: small behaviour that htmx does not cover. No inline script anywhere (the
// Content-Security-Policy forbids it): pages opt in with data-* attributes. One section per
// concern; add yours in your screen's section.
(function () {
  "use strict";

  // --- layout ---
  // after an htmx swap that replaced the main content, move focus there for screen readers
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "main") {
      event.detail.target.focus();
    }
  });

  // --- conversation ---

  // --- staff queue ---
  // j/k move between the queue's rows (also the compact list), Enter opens the selected one
  // (its link has the focus), "/" focuses the search, "?" shows the shortcuts. Never while typing.
  var queueSelected = -1;
  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  function queueRows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-queue-rows] [data-queue-row]"));
  }
  function selectRow(index) {
    var rows = queueRows();
    if (rows.length === 0) { return; }
    index = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) {
      if (i === index) { row.setAttribute("aria-current", "true"); } else { row.removeAttribute("aria-current"); }
    });
    queueSelected = index;
    var link = rows[index].querySelector("a");
    if (link) { link.focus(); }
  }
  document.addEventListener("keydown", function (event) {
    if (!document.querySelector("[data-queue]") || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) { return; }
    var dialog = document.getElementById("queue-help");
    if (dialog && dialog.open) { return; }
    if (event.key === "j" || event.key === "k") {
      var current = queueRows().indexOf(document.activeElement && document.activeElement.closest("[data-queue-row]"));
      var from = current >= 0 ? current : queueSelected;
      selectRow(event.key === "j" ? from + 1 : (from < 0 ? 0 : from - 1));
      event.preventDefault();
    } else if (event.key === "/") {
      var search = document.querySelector("[data-queue-search]");
      if (search) { search.focus(); event.preventDefault(); }
    } else if (event.key === "?") {
      if (dialog && dialog.showModal) { dialog.showModal(); event.preventDefault(); }
    }
  });
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-queue-help-open]");
    var dialog = document.getElementById("queue-help");
    if (opener && dialog && dialog.showModal) { dialog.showModal(); }
  });
  // the live refresh replaced the rows: keep the selection where it was
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "queue-results" && queueSelected >= 0) {
      var rows = queueRows();
      var index = Math.min(queueSelected, rows.length - 1);
      if (index >= 0) { rows[index].setAttribute("aria-current", "true"); }
    }
  });
})();
