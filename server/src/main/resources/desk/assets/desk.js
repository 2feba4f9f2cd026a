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
})();
