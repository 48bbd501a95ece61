// Min plan's own script: accessibility glue for htmx navigation and CSRF for htmx requests.
// Everything here is an enhancement: the service works without it. Read-aloud is read-aloud.js.
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
    setUpPrintButtons(document);
    // For the other scripts (read-aloud.js, …): a new page is in place.
    document.dispatchEvent(new CustomEvent("minplan:page-changed"));
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

  // An open explanation must never cover what has focus (WCAG 2.4.11): close it when focus
  // moves on to something outside it.
  document.addEventListener("focusin", function (event) {
    document.querySelectorAll(".glossary-popover:popover-open").forEach(function (popover) {
      var opener = document.querySelector('[popovertarget="' + popover.id + '"]');
      if (!popover.contains(event.target) && event.target !== opener) popover.hidePopover();
    });
  });

  // The header's menu, a <details> that works without a script: with one, Escape closes it and
  // gives focus back to its button, and it closes when focus or a click moves outside it, so it
  // never covers what has focus (WCAG 2.4.11).
  document.addEventListener("keydown", function (event) {
    var menu = event.key === "Escape" && document.querySelector(".site-menu[open]");
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  function closeMenusOutside(event) {
    document.querySelectorAll(".site-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  }
  document.addEventListener("focusin", closeMenusOutside);
  document.addEventListener("click", closeMenusOutside);

  // The print view's button, shown only where a script can open the print dialogue.
  function setUpPrintButtons(root) {
    root.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function ready() {
    setUpPrintButtons(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
