// Small behaviours for every page. The pages work without this file.
(function () {
  "use strict";
  function ready() {
    // Move focus to the error summary so screen reader and keyboard users hear what went wrong.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
