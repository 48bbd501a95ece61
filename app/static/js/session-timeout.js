// The warning before the session ends (WCAG 2.2.1 Timing Adjustable), and sending a form kept
// across a new login. An enhancement: without it, a form sent after the session ended is kept
// on the server while the person logs in again (app/auth/kept_form.py), so no words are lost.
//
// The page says how many seconds are left (components/session-timeout.html, inside #app, so a
// page htmx swaps in brings the new time). Some minutes before the end the warning shows:
// - "idle": one button, "Fortsett", extends the session (POST with CSRF) and learns the new time;
// - "absolute": the longest a login may last is nearly over, nothing can extend it: save now;
// - "ended": the session is over; what was typed is not lost (sent, it is kept across a login).
//
// Focus. The warning is announced at once through an assertive live region, whatever has focus,
// so a screen reader user hears it mid-sentence. Focus itself moves to the warning's button only
// when it takes nothing from anyone: at once if the person is not in a text field, else at the
// first pause in typing (3 seconds without a key). Then Enter or Space goes on, and focus and
// caret return to exactly where they were. If they type a letter instead, focus goes back to the
// field before the letter lands, so the letter is written where they meant it: typing is never
// swallowed by a button. The warning stays in view until they go on, and is offered again at
// their next pause.
(function () {
  "use strict";

  var TICK_MS = 1000;
  var TYPING_PAUSE_MS = 3000;
  var state = null; // the running countdown for the current page's [data-session-timeout]

  function formatLeft(seconds) {
    seconds = Math.max(0, Math.ceil(seconds));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function isTextEntry(element) {
    if (!element) return false;
    if (element.isContentEditable) return true;
    if (element.tagName === "TEXTAREA") return !element.readOnly;
    if (element.tagName !== "INPUT" || element.readOnly) return false;
    return /^(text|search|email|tel|url|number|password|date)$/.test(element.type || "text");
  }

  function start(root) {
    var now = Date.now();
    var s = {
      root: root,
      dialog: root.querySelector('[role="alertdialog"]'),
      announce: root.querySelector("[data-session-announce]"),
      idleEnd: now + Number(root.dataset.idleSeconds) * 1000,
      absoluteEnd: now + Number(root.dataset.absoluteSeconds) * 1000,
      warnMs: Number(root.dataset.warnSeconds) * 1000,
      shown: null, // the state now on screen
      returnTo: null, // where focus and caret were when the warning took focus
      tookFocus: false,
      lastKey: 0,
      timer: null
    };
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      goOn(s);
    });
    root.querySelector("[data-session-close]").addEventListener("click", function () { close(s); });
    root.querySelector("[data-session-save]").addEventListener("click", function () {
      var form = formToSave();
      giveFocusBack(s);
      if (form) form.requestSubmit ? form.requestSubmit() : form.submit();
    });
    s.dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        giveFocusBack(s);
        return;
      }
      var printable = event.key && event.key.length === 1 && event.key !== " " && !event.ctrlKey && !event.metaKey && !event.altKey;
      // Focus moves before the key's character is written, so it lands in their field; the
      // warning is offered again at their next pause.
      if (printable && s.returnTo) {
        giveFocusBack(s);
        s.lastKey = Date.now();
        s.tookFocus = false;
      }
    });
    s.timer = window.setInterval(function () { tick(s); }, TICK_MS);
    tick(s);
    return s;
  }

  function stop(s) {
    if (s && s.timer) window.clearInterval(s.timer);
  }

  var dirtyForms = [];
  document.addEventListener("input", function (event) {
    var form = event.target && event.target.form;
    if (form && dirtyForms.indexOf(form) < 0 && !form.closest("[data-session-timeout]")) dirtyForms.push(form);
  });

  function formToSave() {
    var focusedForm = state && state.returnTo && state.returnTo.element && state.returnTo.element.form;
    if (focusedForm && document.contains(focusedForm)) return focusedForm;
    for (var i = dirtyForms.length - 1; i >= 0; i--) if (document.contains(dirtyForms[i])) return dirtyForms[i];
    return null;
  }

  function wanted(s, now) {
    if (now >= s.idleEnd || now >= s.absoluteEnd) return "ended";
    if (s.absoluteEnd - now <= s.warnMs && s.absoluteEnd <= s.idleEnd + 1000) return "absolute";
    if (s.idleEnd - now <= s.warnMs) return "idle";
    return null;
  }

  function tick(s) {
    var now = Date.now();
    var next = wanted(s, now);
    if (next !== s.shown) show(s, next);
    if (!next) return;
    var end = next === "absolute" ? s.absoluteEnd : s.idleEnd;
    var left = s.root.querySelector("[data-time-left]");
    if (left) left.textContent = formatLeft((end - now) / 1000);
    var active = document.activeElement;
    var typingPaused = now - s.lastKey >= TYPING_PAUSE_MS;
    if (next !== "ended" && !s.tookFocus && !s.dialog.contains(active) && (!isTextEntry(active) || typingPaused)) {
      takeFocus(s);
    }
  }

  function show(s, which) {
    s.shown = which;
    if (!which) {
      s.root.hidden = true;
      return;
    }
    var parts = s.root.querySelectorAll("[data-state]");
    for (var i = 0; i < parts.length; i++) {
      parts[i].hidden = parts[i].dataset.state.split(" ").indexOf(which) < 0;
    }
    if (which === "absolute") s.root.querySelector("[data-session-save]").hidden = !formToSave();
    s.root.dataset.state = which;
    s.root.hidden = false;
    s.tookFocus = false;
    // Announced once, now, wherever focus is: the heading and the message, not the countdown.
    var title = s.root.querySelector('#session-timeout-title [data-state]:not([hidden])');
    var text = s.root.querySelector('#session-timeout-text p[data-state]:not([hidden])');
    s.announce.textContent = "";
    window.setTimeout(function () {
      s.announce.textContent = (title ? title.textContent.trim() + ". " : "") + (text ? text.textContent.trim() : "");
    }, 50);
  }

  function takeFocus(s) {
    var active = document.activeElement;
    s.returnTo = active && active !== document.body ? {
      element: active,
      start: isTextEntry(active) && "selectionStart" in active ? active.selectionStart : null,
      end: isTextEntry(active) && "selectionEnd" in active ? active.selectionEnd : null
    } : null;
    s.tookFocus = true;
    var button = s.root.querySelector("[data-state]:not([hidden]) button, button[data-state]:not([hidden])");
    (button || s.dialog).focus({ preventScroll: false });
  }

  function giveFocusBack(s) {
    var back = s.returnTo;
    s.returnTo = null;
    if (!back || !document.contains(back.element)) return;
    back.element.focus({ preventScroll: true });
    if (back.start !== null && back.element.setSelectionRange) {
      try { back.element.setSelectionRange(back.start, back.end); } catch (e) { /* not a text field after all */ }
    }
  }

  function close(s) {
    giveFocusBack(s);
    s.root.hidden = true;
  }

  function goOn(s) {
    var form = s.root.querySelector("form");
    var token = form.querySelector('input[name="csrf_token"]').value;
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token },
      body: new FormData(form),
      redirect: "manual"
    }).then(function (response) {
      if (!response.ok || (response.headers.get("Content-Type") || "").indexOf("application/json") < 0) {
        throw new Error("session over");
      }
      return response.json();
    }).then(function (left) {
      var now = Date.now();
      s.idleEnd = now + left.idle_seconds * 1000;
      s.absoluteEnd = now + left.absolute_seconds * 1000;
      giveFocusBack(s);
      show(s, wanted(s, now));
    }).catch(function () {
      s.idleEnd = Date.now();
      tick(s);
    });
  }

  document.addEventListener("keydown", function (event) {
    if (state && !(state.dialog && state.dialog.contains(event.target))) {
      state.lastKey = Date.now();
      if (state.tookFocus && state.shown && state.shown !== "ended" && !state.dialog.contains(document.activeElement)) {
        state.tookFocus = false; // they went back to typing: offered again at their next pause
      }
    }
  }, true);

  function setUp() {
    var root = document.querySelector("[data-session-timeout]");
    if (state && state.root === root) return;
    stop(state);
    state = root ? start(root) : null;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  // htmx swaps #app in place: the new page brings the time that is left now.
  new MutationObserver(setUp).observe(document.body, { childList: true, subtree: true });
})();
