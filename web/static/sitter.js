// The sitter's pages: the little that htmx attributes cannot say (no inline scripts: CSP).
(function () {
  "use strict";

  // The CSP forbids style attributes, so htmx must not copy them while settling a swap.
  htmx.config.attributesToSettle = ["class", "width", "height"];

  // A refused send (403 not allowed now, 422 empty, 429 too fast) still shows the composer
  // the server answered with, which explains why.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var target = event.detail.target;
    if ((status === 403 || status === 422 || status === 429) && target && target.id === "composer") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The newest message is at the bottom: keep it in view on load and when messages change.
  function showLatest() {
    var messages = document.getElementById("messages");
    if (messages) {
      window.scrollTo(0, document.body.scrollHeight);
    }
  }
  document.addEventListener("DOMContentLoaded", showLatest);
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target && (target.id === "messages" || target.id === "composer")) {
      showLatest();
    }
  });

})();
