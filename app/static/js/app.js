// Min plan's own script: accessibility glue for htmx navigation, CSRF for htmx requests,
// and read-aloud. Everything here is an enhancement: the service works without it.
(function () {
  "use strict";

  var SPEECH_LANG = { nb: "nb-NO", nn: "nn-NO", en: "en-GB", se: "se-NO" };

  // htmx requests carry the CSRF token as a header (forms also carry it as a field).
  document.addEventListener("htmx:config:request", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) event.detail.ctx.request.headers["X-CSRFToken"] = meta.content;
  });

  // After htmx puts a new page in place (a boosted link or form, or back/forward): move focus
  // to the error summary or the h1 and announce the new page once, politely, so screen reader
  // users know the page changed. A MutationObserver sees every way the page can change, where
  // htmx's events fire on elements that the swap has already removed.
  var restoringHistory = false;
  document.addEventListener("htmx:before:history:restore", function () { restoringHistory = true; });

  function pageChanged() {
    var main = document.getElementById("main");
    var app = document.getElementById("app");
    if (!main || !app) return;
    // The shell carries the page's language and mode; the <html> element is not swapped.
    document.documentElement.lang = app.dataset.lang || document.documentElement.lang;
    document.documentElement.classList.toggle("easy-read", app.dataset.easyRead === "on");
    var hashTarget = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    // What the last action did ("Saved", "Changed by someone else meanwhile"), GOV.UK's success
    // banner: focused and in view, also where a redirect's #fragment was lost on the way (fetch
    // follows redirects without it), so the notice is never somewhere down the page unseen.
    var notice = main.querySelector("[data-notice]");
    var focusTarget = main.querySelector("[data-error-summary]") || hashTarget || notice || main.querySelector("h1") || main;
    if (!focusTarget.hasAttribute("tabindex")) focusTarget.setAttribute("tabindex", "-1");
    focusTarget.focus({ preventScroll: true });
    if (hashTarget) hashTarget.scrollIntoView();
    // After htmx has finished its own scrolling for the swap, which would otherwise win.
    else if (focusTarget === notice) window.setTimeout(function () { notice.scrollIntoView({ block: "center" }); }, 0);
    else if (!restoringHistory) window.scrollTo(0, 0);
    restoringHistory = false;
    var announcer = document.getElementById("page-announcer");
    if (announcer) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = main.dataset.pageTitle || document.title; }, 50);
    }
    setUpReadAloud(document);
    setUpPrintButtons(document);
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
      button.addEventListener("click", function () {
        if (window.speechSynthesis.speaking) {
          window.speechSynthesis.cancel();
          return;
        }
        var main = document.getElementById("main");
        // A form's questions and choices are in legends and labels: read them too.
        var text = Array.prototype.map.call(
          main.querySelectorAll("h1, h2, h3, p, li, dt, dd, legend, label"),
          function (el) { return el.closest("[data-read-aloud], .glossary-popover") ? "" : el.innerText; }
        ).filter(Boolean).join("\n");
        var utterance = new SpeechSynthesisUtterance(text);
        // A text shown in Bokmål because it is not yet written in the reader's language is
        // read with a Bokmål voice.
        var textLang = main.querySelector(".text[lang]");
        utterance.lang = textLang ? SPEECH_LANG[textLang.getAttribute("lang")] || textLang.getAttribute("lang")
                                  : box.dataset.lang || document.documentElement.lang;
        utterance.rate = 0.9;
        var reset = function () { label.textContent = box.dataset.labelPlay; };
        utterance.onend = reset;
        utterance.onerror = reset;
        label.textContent = box.dataset.labelStop;
        window.speechSynthesis.speak(utterance);
      });
    });
  }

  // An open explanation must never cover what has focus (WCAG 2.4.11): close it when focus
  // moves on to something outside it.
  document.addEventListener("focusin", function (event) {
    document.querySelectorAll(".glossary-popover:popover-open").forEach(function (popover) {
      var opener = document.querySelector('[popovertarget="' + popover.id + '"]');
      if (!popover.contains(event.target) && event.target !== opener) popover.hidePopover();
    });
  });

  // Leaving a page stops any reading in progress.
  document.addEventListener("htmx:before:request", function () {
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  });

  // The print view's button, shown only where a script can open the print dialogue.
  function setUpPrintButtons(root) {
    root.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function ready() {
    setUpReadAloud(document);
    setUpPrintButtons(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
