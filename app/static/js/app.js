// Min plan's own script: accessibility glue for htmx navigation, CSRF for htmx requests,
// and read-aloud. Everything here is an enhancement: the service works without it.
(function () {
  "use strict";

  // htmx requests carry the CSRF token as a header (forms also carry it as a field).
  document.addEventListener("htmx:config:request", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.ctx.request.headers["X-CSRFToken"] = meta.content;
  });

  // After htmx puts a new page in place (a boosted link or form, or back/forward): move focus
  // to the error summary or the h1 and announce the new page once, politely, so screen reader
  // users know the page changed. A MutationObserver sees every way the page can change, where
  // htmx's events fire on elements that the swap has already removed.
  function pageChanged() {
    var main = document.getElementById("main");
    if (!main) return;
    var focusTarget = main.querySelector("[data-error-summary]") || main.querySelector("h1") || main;
    if (!focusTarget.hasAttribute("tabindex")) focusTarget.setAttribute("tabindex", "-1");
    focusTarget.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    var announcer = document.getElementById("page-announcer");
    if (announcer) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = main.dataset.pageTitle || document.title; }, 50);
    }
    setUpReadAloud(document);
  }

  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var added = records[i].addedNodes;
      for (var j = 0; j < added.length; j++) {
        if (added[j].nodeType === 1 && (added[j].id === "app" || added[j].id === "main")) {
          pageChanged();
          return;
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true });

  // Read-aloud with the browser's own speech synthesis; the button stays hidden where
  // the browser cannot speak.
  function setUpReadAloud(root) {
    if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") return;
    root.querySelectorAll("[data-read-aloud]").forEach(function (box) {
      if (box.dataset.ready) return;
      box.dataset.ready = "1";
      var button = box.querySelector("button");
      var label = button.querySelector("span");
      box.hidden = false;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        if (window.speechSynthesis.speaking) {
          window.speechSynthesis.cancel();
          return;
        }
        var main = document.getElementById("main");
        var text = Array.prototype.map.call(
          main.querySelectorAll("h1, h2, h3, p, li, dt, dd"),
          function (el) { return el.closest("[data-read-aloud], .glossary-popover") ? "" : el.innerText; }
        ).filter(Boolean).join("\n");
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = box.dataset.lang || document.documentElement.lang;
        utterance.rate = 0.9;
        var reset = function () {
          button.setAttribute("aria-pressed", "false");
          label.textContent = box.dataset.labelPlay;
        };
        utterance.onend = reset;
        utterance.onerror = reset;
        button.setAttribute("aria-pressed", "true");
        label.textContent = box.dataset.labelStop;
        window.speechSynthesis.speak(utterance);
      });
    });
  }

  // Leaving a page stops any reading in progress.
  document.addEventListener("htmx:before:request", function () {
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUpReadAloud(document); });
  } else {
    setUpReadAloud(document);
  }
})();
