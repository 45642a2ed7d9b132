// Owner pages: open and close <dialog> modals without inline script (the CSP forbids it).
// A button with data-open-dialog="ID" opens the dialog ID; data-close-dialog closes its own.
// A dialog marked data-autoshow (a form re-rendered with an error) opens when it appears.
// A billing template inserted into the composer checks its "Billing" choice.
// A .countdown with data-until (an ISO time) counts down every 30 s, worded as the server's
// `countdown` filter words it (web/owner.py).
(function () {
  "use strict";

  // The CSP forbids style attributes, so htmx must not copy them while settling a swap (a
  // template inserted into the composer swaps its textarea).
  htmx.config.attributesToSettle = ["class", "width", "height"];

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

  function countdown(until, now) {
    var seconds = Math.floor((until - now) / 1000);
    if (seconds <= 0) return "ended";
    var days = Math.floor(seconds / 86400), hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    if (days) return days + " day" + (days !== 1 ? "s" : "") + " " + hours + " h left";
    if (hours) return hours + " h " + minutes + " min left";
    return Math.max(minutes, 1) + " min left";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-until]").forEach(function (span) {
      var until = Date.parse(span.getAttribute("data-until"));
      if (!isNaN(until)) span.textContent = countdown(until, now);
    });
  }
  setInterval(tick, 30000);

  // A billing template inserted into the composer (a textarea marked data-billing-template)
  // chooses a billing message.
  document.addEventListener("htmx:load", function (event) {
    var inserted = event.target;
    if (inserted.matches && inserted.matches("textarea[data-billing-template]")) {
      var billing = document.getElementById("kind-billing");
      if (billing) billing.checked = true;
    }
  });
  document.addEventListener("DOMContentLoaded", function () { showAutoDialogs(document); });
  document.addEventListener("htmx:afterSettle", function () { showAutoDialogs(document); });
})();
