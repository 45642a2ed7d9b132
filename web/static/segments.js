// The SMS segment counter under every composer (SPEC O6): the rule of domain/segments.py.
// A text of GSM-7 characters costs 160 septets in one segment, parts of 153 when longer, and
// the extension table's characters take two; any other character switches the whole text to
// UCS-2: 70 UTF-16 units in one segment, parts of 67. The two character lists are checked
// against the Python ones by tests/unit/test_segments_js.py, so the two never drift.
(function () {
  "use strict";
  if (window.snoutSegments) return; // a swapped-in composer runs this file again
  const GSM7_BASIC = "\n\r !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz¡£¤¥§¿ÄÅÆÇÉÑÖØÜßàäåæèéìñòöøùüΓΔΘΛΞΠΣΦΨΩ";
  const GSM7_EXTENDED = "\f[\\]^{|}~€";
  const BASIC = new Set(GSM7_BASIC), EXTENDED = new Set(GSM7_EXTENDED);

  function parts(units, single, part) {
    if (units === 0) return 0;
    return units <= single ? 1 : Math.ceil(units / part);
  }

  function count(text) {
    const chars = Array.from(text);
    const gsm = chars.every((c) => BASIC.has(c) || EXTENDED.has(c));
    if (gsm) {
      const units = chars.reduce((n, c) => n + (EXTENDED.has(c) ? 2 : 1), 0);
      return { characters: chars.length, units, encoding: "GSM-7", segments: parts(units, 160, 153) };
    }
    return { characters: chars.length, units: text.length, encoding: "UCS-2", segments: parts(text.length, 70, 67) };
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  function label(text) {
    const c = count(text);
    let line = plural(c.characters, "character") + " · " + plural(c.segments, "SMS segment");
    if (c.encoding === "GSM-7") return { line, hint: "" };
    line = "UCS-2 · " + line;
    const chars = Array.from(text);
    const culprit = chars.find((ch) => !BASIC.has(ch) && !EXTENDED.has(ch));
    const without = count(chars.filter((ch) => BASIC.has(ch) || EXTENDED.has(ch)).join(""));
    if (without.segments >= c.segments) return { line, hint: "" };
    const what = /\p{Extended_Pictographic}/u.test(culprit) ? "An emoji" : "The character “" + culprit + "”";
    return { line, hint: what + " makes this text cost " + plural(c.segments, "segment") + " instead of " + without.segments + "." };
  }

  function update(textarea) {
    const counter = textarea.form && textarea.form.querySelector("[data-segment-counter]");
    if (!counter) return;
    const result = label(textarea.value);
    counter.textContent = result.line + (result.hint ? " — " + result.hint : "");
    counter.classList.toggle("segment-costly", Boolean(result.hint));
  }

  function refresh(root) {
    root = root || document;
    // A template inserted into the composer swaps in a new textarea: htmx:load names it.
    if (root.matches && root.matches("textarea[name=body]")) update(root);
    root.querySelectorAll("textarea[name=body]").forEach(update);
  }

  document.addEventListener("input", (event) => {
    if (event.target.matches && event.target.matches("textarea[name=body]")) update(event.target);
  });
  document.addEventListener("htmx:load", (event) => refresh(event.target));
  document.addEventListener("DOMContentLoaded", () => refresh());
  window.snoutSegments = { count, label };
})();
