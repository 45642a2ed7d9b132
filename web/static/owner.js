// Owner pages: open and close <dialog> modals without inline script (the CSP forbids it).
// A button with data-open-dialog="ID" opens the dialog ID; data-close-dialog closes its own.
// A dialog marked data-autoshow (a form re-rendered with an error) opens when it appears.
(function () {
  "use strict";

  function showAutoDialogs(root) {
    (root || document).querySelectorAll("dialog[data-autoshow]").forEach(function (dialog) {
      if (!dialog.open && dialog.isConnected) {
        dialog.showModal();
        var invalid = dialog.querySelector("[aria-invalid=true]");
        if (invalid) invalid.focus();
      }
    });
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-open-dialog]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-open-dialog"));
      if (dialog && !dialog.open) dialog.showModal();
      return;
    }
    var closer = event.target.closest("[data-close-dialog]");
    if (closer) {
      var own = closer.closest("dialog");
      if (own) own.close();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { showAutoDialogs(document); });
  document.addEventListener("htmx:afterSettle", function () { showAutoDialogs(document); });
})();
