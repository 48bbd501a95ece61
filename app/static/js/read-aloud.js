// Read-aloud (easy-read): reads the page's main content aloud, block by block and in order,
// with pause, resume and stop, and marks the block being read. An enhancement: the component
// is rendered `hidden` and shown here only when it can work.
//
// Two ways to speak:
// - The browser's own voices (speechSynthesis). Shown only if the browser has a voice for the
//   page's language (nb → nb/no/nn, nn → nn/nb/no, se → se, en → en). Many browsers have no
//   Norwegian voice at all (Chromium on Linux has none), so there the button stays hidden.
// - A read-aloud service the municipality configures (READ_ALOUD_SERVICE_URL): the component
//   then carries data-service-url, and each block is sent to it as JSON {text, lang} in a POST
//   without cookies; the service answers with audio, played in an <audio> element. The CSP
//   allows that service's origin (connect-src) and blob: audio (media-src) only then.
(function () {
  "use strict";

  // Which voices may read a language, best first (a Nynorsk text read by a Bokmål voice is
  // understood; a Sami text read by a Norwegian voice is not).
  var VOICE_LANGS = { nb: ["nb", "no", "nn"], no: ["nb", "no", "nn"], nn: ["nn", "nb", "no"], se: ["se"], en: ["en"] };
  // Browsers load their voices after the page; where none ever arrive, decide after this long.
  var VOICE_WAIT_MS = 3000;
  // What is read, block by block: the innermost of these around a text (a list item's paragraphs
  // one by one; a nested list's items after their parent's own words; in easy-read, each
  // sentence on its own line). A label or a button is a block of its own only outside them (a
  // word's explanation button stays in its sentence). Any other text is read with its nearest
  // element that is not inline.
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, caption, figcaption, blockquote, legend, summary, pre, .sentence";
  var CONTROLS = "label, button";
  // Never read: what is hidden; what is there for screen readers only (read-aloud reads what
  // the page shows, to someone who sees it); our own controls; a word's explanation (mid-sentence
  // it would break the sentence); form controls (their label says what they hold).
  var SKIP = "[hidden], [aria-hidden='true'], [inert], [data-read-aloud], .glossary-popover, .ds-sr-only, script, style, template, noscript, textarea, select, svg";

  var synth = "speechSynthesis" in window && typeof SpeechSynthesisUtterance !== "undefined" ? window.speechSynthesis : null;
  var voicesKnown = false;
  var reading = null; // the one reading in progress: {box, blocks, index, state, token, audio}

  function primary(tag) {
    return String(tag || "").toLowerCase().split(/[-_]/)[0];
  }

  function voiceFor(lang) {
    if (!synth) return null;
    var voices = synth.getVoices() || [];
    var wanted = VOICE_LANGS[primary(lang)] || [primary(lang)];
    for (var i = 0; i < wanted.length; i++) {
      for (var j = 0; j < voices.length; j++) {
        if (primary(voices[j].lang) === wanted[i]) return voices[j];
      }
    }
    return null;
  }

  function pageLang() {
    return document.documentElement.lang || "nb";
  }

  // --- What to read --------------------------------------------------------------------------

  function shown(element) {
    if (element.closest(SKIP)) return false;
    if (!element.getClientRects().length) return false;
    return window.getComputedStyle(element).visibility !== "hidden";
  }

  function within(element, main) {
    return element && element !== main && main.contains(element) ? element : null;
  }

  function blockOf(element, main) {
    var found = within(element.closest(BLOCKS), main) || within(element.closest(CONTROLS), main);
    if (found) return found;
    for (var e = element; e && e !== main; e = e.parentElement) {
      var display = window.getComputedStyle(e).display;
      if (display !== "inline" && display !== "contents") return e;
    }
    return main;
  }

  // Forms are read by the same reader, in the page's order, rather than by a button per question:
  // one control to learn, and the question makes sense between the text before and after it.
  // A question is its legend or label, then its hint (a paragraph), then each choice's label:
  // all are blocks in the order they stand. What the person has chosen or typed is read after
  // the choice or the field's label, so they can check it by ear.
  function withFormState(block, text, box) {
    var label = block.tagName === "LABEL" ? block : block.querySelectorAll("label").length === 1 ? block.querySelector("label") : null;
    var control = label ? label.control : null;
    if (!control || control.disabled) return text;
    if (control.type === "radio" || control.type === "checkbox") {
      return control.checked ? text + ", " + box.dataset.wordChosen : text;
    }
    var value = control.tagName === "SELECT"
      ? (control.selectedOptions[0] ? control.selectedOptions[0].textContent : "")
      : control.type === "password" || control.type === "hidden" ? "" : control.value;
    value = String(value || "").trim();
    return value ? text + ". " + box.dataset.wordTyped + " " + value : text;
  }

  // Every text in the main content, in document order, grouped by the block it belongs to.
  function blocksToRead(main, box) {
    var blocks = [];
    var elements = [];
    var lineBreak = false;
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      // A line of its own (an easy-read sentence, <br>) ends with a space, not glued to the next.
      if (node.nodeType === Node.ELEMENT_NODE) {
        lineBreak = lineBreak || node.tagName === "BR" || window.getComputedStyle(node).display !== "inline";
        continue;
      }
      var parent = node.parentElement;
      if (!parent || !shown(parent)) continue;
      var element = blockOf(parent, main);
      var index = elements.indexOf(element);
      // The space between two words in different elements (<b>Bra</b> <i>nå</i>) is kept.
      if (!node.nodeValue.trim()) {
        if (index !== -1) blocks[index].text += " ";
        continue;
      }
      if (index === -1) {
        elements.push(element);
        var langElement = element.closest("[lang]");
        blocks.push({ element: element, text: "", lang: langElement ? langElement.getAttribute("lang") : pageLang() });
        index = blocks.length - 1;
      }
      blocks[index].text += (lineBreak ? " " : "") + node.nodeValue;
      lineBreak = false;
    }
    return blocks.map(function (block) {
      var text = block.text.replace(/\s+/g, " ").trim();
      block.text = withFormState(block.element, text, box);
      return block;
    }).filter(function (block) { return block.text; });
  }

  // --- Controls and states -------------------------------------------------------------------

  function buttons(box) {
    var found = {};
    box.querySelectorAll("[data-read-aloud-action]").forEach(function (button) {
      found[button.dataset.readAloudAction] = button;
    });
    return found;
  }

  // idle: «Les opp»; reading: pause and stop; paused: resume and stop. Focus stays on the
  // controls when the button that had it goes away.
  function show(box, state, said) {
    var all = buttons(box);
    var hadFocus = box.contains(document.activeElement);
    box.dataset.state = state;
    all.start.hidden = state !== "idle";
    all.pause.hidden = state !== "reading";
    all.resume.hidden = state !== "paused";
    all.stop.hidden = state === "idle";
    var status = box.querySelector("[data-read-aloud-status]");
    if (said !== undefined && status) status.textContent = said;
    if (hadFocus && (!document.activeElement || document.activeElement.hidden || !box.contains(document.activeElement))) {
      ({ idle: all.start, reading: all.pause, paused: all.resume })[state].focus();
    }
  }

  function mark(block) {
    document.querySelectorAll(".read-aloud-current").forEach(function (element) {
      element.classList.remove("read-aloud-current");
    });
    if (!block) return;
    block.classList.add("read-aloud-current");
    block.scrollIntoView({ block: "nearest" });
  }

  function silence() {
    if (!reading) return;
    reading.token += 1; // events of what was speaking until now are ignored from here on
    if (reading.audio) {
      reading.audio.pause();
      if (reading.audio.src && reading.audio.src.indexOf("blob:") === 0) URL.revokeObjectURL(reading.audio.src);
      reading.audio.removeAttribute("src");
    }
    if (synth && !reading.box.dataset.serviceUrl) synth.cancel();
  }

  function stop(said) {
    if (!reading) return;
    var box = reading.box;
    silence();
    reading = null;
    mark(null);
    if (box.isConnected) show(box, "idle", said === undefined ? box.dataset.saidStopped : said);
  }

  function pause() {
    if (!reading || reading.state !== "reading") return;
    // Cancel and later start the block again, rather than speechSynthesis.pause(), which some
    // browsers ignore: the person hears the whole sentence they were in.
    silence();
    reading.state = "paused";
    show(reading.box, "paused", reading.box.dataset.saidPaused);
  }

  function resume() {
    if (!reading || reading.state !== "paused") return;
    reading.state = "reading";
    show(reading.box, "reading", reading.box.dataset.saidReading);
    speakCurrent();
  }

  function start(box) {
    stop("");
    var main = document.getElementById("main");
    if (!main) return;
    var blocks = blocksToRead(main, box);
    if (!blocks.length) return;
    reading = { box: box, blocks: blocks, index: 0, state: "reading", token: 0, audio: null };
    show(box, "reading", box.dataset.saidReading);
    speakCurrent();
  }

  function next(token) {
    if (!reading || token !== reading.token || reading.state !== "reading") return;
    reading.index += 1;
    if (reading.index >= reading.blocks.length) stop(reading.box.dataset.saidFinished);
    else speakCurrent();
  }

  function speakCurrent() {
    var block = reading.blocks[reading.index];
    var token = reading.token;
    mark(block.element);
    if (reading.box.dataset.serviceUrl) speakWithService(block, token);
    else speakWithVoice(block, token);
  }

  function speakWithVoice(block, token) {
    var utterance = new SpeechSynthesisUtterance(block.text);
    // A text shown in Bokmål because it is not yet written in the reader's language is read
    // with a Bokmål voice, when there is one.
    var voice = voiceFor(block.lang) || voiceFor(pageLang());
    if (voice) {
      utterance.voice = voice;
      utterance.lang = voice.lang;
    } else {
      utterance.lang = block.lang;
    }
    utterance.rate = 0.9;
    reading.utterance = utterance; // kept: Chrome forgets the events of an utterance nobody holds
    utterance.onend = function () { next(token); };
    utterance.onerror = function (event) {
      // "interrupted" and "canceled" are our own pause and stop.
      if (event.error !== "interrupted" && event.error !== "canceled") next(token);
    };
    synth.speak(utterance);
  }

  function speakWithService(block, token) {
    var audio = reading.audio || (reading.audio = new Audio());
    fetch(reading.box.dataset.serviceUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: block.text, lang: block.lang }),
      credentials: "omit",
      referrerPolicy: "no-referrer",
    }).then(function (response) {
      if (!response.ok) throw new Error("read-aloud service answered " + response.status);
      return response.blob();
    }).then(function (blob) {
      if (!reading || token !== reading.token) return;
      audio.src = URL.createObjectURL(blob);
      audio.onended = function () {
        URL.revokeObjectURL(audio.src);
        next(token);
      };
      audio.onerror = function () {
        if (reading && token === reading.token) stop(reading.box.dataset.saidFailed);
      };
      return audio.play();
    }).catch(function () {
      // The service did not answer: say so, rather than stopping in silence.
      if (reading && token === reading.token) stop(reading.box.dataset.saidFailed);
    });
  }

  // --- Setting up each page's component ------------------------------------------------------

  function decide(box) {
    var canSpeak = box.dataset.serviceUrl
      ? typeof window.fetch === "function" && typeof window.Audio === "function"
      : Boolean(voiceFor(pageLang()));
    if (canSpeak) {
      box.hidden = false;
      box.dataset.readAloudAvailable = "yes";
    } else {
      if (reading && reading.box === box) stop("");
      box.hidden = true;
      box.dataset.readAloudAvailable = voicesKnown || box.dataset.serviceUrl ? "no" : "waiting";
    }
  }

  function setUp() {
    document.querySelectorAll("[data-read-aloud]").forEach(function (box) {
      if (!box.dataset.ready) {
        box.dataset.ready = "1";
        var all = buttons(box);
        all.start.addEventListener("click", function () { start(box); });
        all.pause.addEventListener("click", pause);
        all.resume.addEventListener("click", resume);
        all.stop.addEventListener("click", function () { stop(); });
        box.addEventListener("keydown", function (event) {
          if (event.key === "Escape" && reading && reading.box === box) {
            event.preventDefault();
            stop();
          }
        });
      }
      decide(box);
    });
  }

  function whenVoicesKnown() {
    if (!synth) {
      voicesKnown = true;
      setUp();
      return;
    }
    var finish = function () {
      voicesKnown = true;
      setUp();
    };
    // Voices can arrive (or change) at any time: look again whenever they do.
    synth.addEventListener("voiceschanged", finish);
    if ((synth.getVoices() || []).length) finish();
    else {
      setUp();
      window.setTimeout(function () { if (!voicesKnown) finish(); }, VOICE_WAIT_MS);
    }
  }

  // Leaving the page, or htmx fetching another one, ends the reading: it must never go on
  // reading a page that is gone, or read the new page's blocks from the old page's place.
  // A request that swaps something else (none does yet) leaves the reading alone.
  document.addEventListener("htmx:before:request", function (event) {
    var target = event.detail && event.detail.ctx && event.detail.ctx.target;
    var main = document.getElementById("main");
    if (!target || !main || target.contains(main) || main.contains(target)) stop("");
  });
  document.addEventListener("htmx:before:history:restore", function () { stop(""); });
  window.addEventListener("pagehide", function () { stop(""); });
  // A new page swapped in by htmx has a new component (app.js says when).
  document.addEventListener("minplan:page-changed", function () {
    if (reading && !reading.box.isConnected) stop("");
    setUp();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", whenVoicesKnown);
  else whenVoicesKnown();
})();
