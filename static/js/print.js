// A "Print this page" button on pages that people may want on paper. Without JavaScript the
// browser's own print menu does the same, so the button stays hidden.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
