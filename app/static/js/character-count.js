// A character count under long text fields (GOV.UK's pattern), instead of `maxlength` cutting off
// what a person pastes. Without this script the field's hint says how much fits
// ("Du kan skrive opptil 2000 tegn") and the server refuses a longer text, keeping all of it.
//
// Counting: Unicode code points, `[...text].length`, exactly as the server counts
// (app/schemas/fields.py `length`, Python's len). An emoji is one code point or a few (a skin tone
// or a family is several); right-to-left text counts like any other. Line breaks count one each:
// the browser sends CRLF, which the server makes one line end before counting.
//
// What a screen reader hears: the field is described by the hint; while typing, the visible count
// changes at once, and the polite live region says it only when typing pauses, so it does not
// talk over every key.
(function () {
  "use strict";

  var SAY_AFTER_MS = 1000;
  var pending = new WeakMap();

  function words(box) {
    try { return JSON.parse(box.getAttribute("data-character-count")); } catch (e) { return null; }
  }

  function length(text) {
    return Array.from(text).length;
  }

  function phrase(forms, number) {
    var category = "other";
    try { category = new Intl.PluralRules(document.documentElement.lang || "nb").select(number); } catch (e) { /* an unknown language: "other" */ }
    var form = forms[category] || forms.other;
    return form.replace("%(num)s", String(number));
  }

  function message(box) {
    var count = words(box);
    var field = box.querySelector("textarea");
    if (!count || !field) return null;
    var left = count.limit - length(field.value);
    return { over: left < 0, text: left < 0 ? phrase(count.over, -left) : phrase(count.left, left) };
  }

  function parts(box) {
    return {
      hint: box.querySelector("[data-character-count-hint]"),
      shown: box.querySelector("[data-character-count-shown]"),
      live: box.querySelector("[data-character-count-live]"),
    };
  }

  // The hint stays for screen readers (the field is described by it); the visible count and a
  // live region take its place on screen. The box is marked, not the hint: htmx settles a swapped
  // element's class back to the server's, and the hint has an id it keeps across a swap.
  function enhance(box) {
    var found = parts(box);
    if (!found.hint || found.shown) return;
    box.setAttribute("data-character-count-on", "");
    var shown = document.createElement("p");
    shown.className = "character-count__status";
    shown.setAttribute("aria-hidden", "true");
    shown.setAttribute("data-character-count-shown", "");
    var live = document.createElement("p");
    live.className = "ds-sr-only";
    live.setAttribute("aria-live", "polite");
    live.setAttribute("data-character-count-live", "");
    found.hint.after(shown, live);
    update(box, false);
  }

  function update(box, say) {
    var found = parts(box);
    var said = message(box);
    if (!said || !found.shown) return;
    found.shown.textContent = said.text;
    found.shown.classList.toggle("character-count__status--over", said.over);
    if (!say) return;
    window.clearTimeout(pending.get(box));
    pending.set(box, window.setTimeout(function () { found.live.textContent = message(box).text; }, SAY_AFTER_MS));
  }

  function enhanceAll() {
    document.querySelectorAll("[data-character-count]").forEach(enhance);
  }

  document.addEventListener("input", function (event) {
    var box = event.target.closest && event.target.closest("[data-character-count]");
    if (box && event.target.tagName === "TEXTAREA") {
      enhance(box);
      update(box, true);
    }
  });
  // A page htmx put in place (app.js announces it) has fields of its own.
  document.addEventListener("minplan:page-changed", enhanceAll);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhanceAll);
  else enhanceAll();
})();
