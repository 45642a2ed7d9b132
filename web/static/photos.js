// Attaching photos to a message (owner and sitter composers; no inline script: CSP).
// An <input type=file data-photo-input> shows a preview of the chosen photos in the
// [data-photo-preview] of its form, and says when there are too many or they are too large
// before anything is uploaded (the server checks again). A refused upload (413, 415, 422)
// still shows the composer the server answered with, which explains why.
(function () {
  "use strict";

  var MAX_FILES = 10;
  var MAX_BYTES = 40 * 1024 * 1024;

  function preview(input) {
    var form = input.closest("form");
    var box = form && form.querySelector("[data-photo-preview]");
    var note = form && form.querySelector("[data-photo-note]");
    if (!box) return;
    box.replaceChildren();
    var total = 0;
    Array.prototype.forEach.call(input.files || [], function (file) {
      total += file.size;
      var img = document.createElement("img");
      img.className = "photo-preview";
      img.alt = "Photo to send: " + file.name;
      img.src = URL.createObjectURL(file);
      img.addEventListener("load", function () { URL.revokeObjectURL(img.src); });
      box.appendChild(img);
    });
    var count = (input.files || []).length;
    var problem = "";
    if (count > MAX_FILES) problem = "At most " + MAX_FILES + " photos can go in one message.";
    else if (total > MAX_BYTES) problem = "These photos are too large to upload together.";
    input.setCustomValidity(problem);
    if (note) note.textContent = problem || (count ? count + " photo" + (count > 1 ? "s" : "") + " attached" : "");
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[data-photo-input]")) {
      preview(event.target);
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var target = event.detail.target;
    if ((status === 413 || status === 415 || status === 422) && target && target.id === "composer") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
