// Small behaviours for every page. The pages work without this file.
(function () {
  "use strict";

  // The phone menu: a disclosure button (GOV.UK Frontend's service navigation pattern).
  // CSS shows the button and hides the menu on a small screen; this opens and closes it.
  // Escape closes it and gives focus back to the button.
  function menu() {
    var button = document.querySelector("[data-menu-toggle]");
    var target = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!target) {
      return;
    }
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      target.classList.toggle("is-open", open);
    }
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    target.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        show(false);
        button.focus();
      }
    });
  }

  function ready() {
    menu();
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
