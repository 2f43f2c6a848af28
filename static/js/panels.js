// Panels public pages. Everything works without this file; it only adds a print button.
(function () {
  "use strict";
  function ready() {
    var buttons = document.querySelectorAll("[data-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
