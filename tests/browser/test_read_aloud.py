"""Read-aloud in easy-read: shown only where it can speak, reads the main content block by block
in order (a form's question, hint, choices and answers too), marks what it reads, pauses, resumes
and stops by keyboard, and stops when htmx brings another page. Headless Chromium has no voices,
so most tests give the page a stand-in for speechSynthesis that records what it is asked to say
and says "done" when the test tells it to."""

from __future__ import annotations

import json
import re
import struct

import pytest

from app.config import ConfigError, load_config
from tests.browser.conftest import run_axe, screenshot
from tests.browser.test_acting_for import log_in_at_stand_in
from tests.conftest import make_app, serve_in_thread

BOX = "[data-read-aloud]"
START = "[data-read-aloud-action=start]"
PAUSE = "[data-read-aloud-action=pause]"
RESUME = "[data-read-aloud-action=resume]"
STOP = "[data-read-aloud-action=stop]"
INFO_PAGE = "/om-individuell-plan/hva-er-individuell-plan"

# A stand-in for the browser's speech synthesis. Its voices arrive after the page has loaded, as
# in real browsers; `speak` records the utterance; `finish()` ends the one being spoken (with a
# word boundary first); `cancel` ends it the way Chrome does, with an `end` event, which the
# component must not take for "read to the end".
FAKE_SPEECH = """
(() => {
  const langs = %s;
  const log = { spoken: [], cancels: 0, current: null };
  window.__speech = log;
  let voices = [];
  const synth = new EventTarget();
  synth.getVoices = () => voices.slice();
  synth.speaking = false;
  synth.pending = false;
  synth.paused = false;
  const fire = (utterance, type, props) => {
    const event = new Event(type);
    Object.assign(event, { utterance, charIndex: 0, elapsedTime: 0, name: "word" }, props || {});
    if (typeof utterance["on" + type] === "function") utterance["on" + type](event);
    utterance.dispatchEvent(event);
  };
  synth.speak = (utterance) => {
    log.spoken.push({ text: utterance.text, lang: utterance.lang, voice: utterance.voice && utterance.voice.lang });
    log.current = utterance;
    synth.speaking = true;
    fire(utterance, "start");
    fire(utterance, "boundary", { charIndex: 0 });
  };
  synth.cancel = () => {
    log.cancels += 1;
    const utterance = log.current;
    log.current = null;
    synth.speaking = false;
    if (utterance) fire(utterance, "end");
  };
  synth.pause = () => {};
  synth.resume = () => {};
  log.finish = () => {
    const utterance = log.current;
    if (!utterance) return false;
    fire(utterance, "boundary", { charIndex: Math.max(utterance.text.length - 1, 0), name: "sentence" });
    log.current = null;
    synth.speaking = false;
    fire(utterance, "end");
    return true;
  };
  document.addEventListener("DOMContentLoaded", () => setTimeout(() => {
    voices = langs.map((lang, i) => ({ name: "Stand-in " + lang, lang, voiceURI: "stand-in-" + lang, localService: true, default: i === 0 }));
    synth.dispatchEvent(new Event("voiceschanged"));
  }, 0));
  class Utterance extends EventTarget {
    constructor(text) {
      super();
      Object.assign(this, { text: text || "", lang: "", voice: null, rate: 1, pitch: 1, volume: 1 });
    }
  }
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = Utterance;
})();
"""

# Reads to the end inside the page, one block at a time, noting after each `finish` what was
# said, which element is marked, and whether it is in view.
READ_TO_THE_END = """
() => {
  const box = document.querySelector('[data-read-aloud]');
  const main = document.getElementById('main');
  const words = (element) => element.textContent.replace(/\\s+/g, ' ').trim();
  const steps = [];
  while (box.dataset.state === 'reading' && steps.length < 500) {
    const marked = [...document.querySelectorAll('.read-aloud-current')];
    const rect = marked.length ? marked[0].getBoundingClientRect() : null;
    steps.push({
      said: window.__speech.spoken.at(-1).text,
      marked: marked.length,
      markedWords: marked.length ? words(marked[0]) : '',
      markedTag: marked.length ? marked[0].tagName : '',
      inMain: marked.length ? main.contains(marked[0]) : false,
      inView: rect ? rect.bottom > 0 && rect.top < window.innerHeight : false,
    });
    window.__speech.finish();
  }
  return steps;
}
"""


def _speech_context(context_factory, voices, **kwargs):
    context = context_factory(**kwargs)
    context.add_init_script(FAKE_SPEECH % json.dumps(voices))
    return context


def set_preferences(page, base_url: str, locale: str, easy_read: bool) -> None:
    """Language and easy-read through the header's own forms, wherever the header shows them
    (the choices may sit in a folded menu): the form is sent with its own button."""
    send = "selector => { const button = document.querySelector(selector); button.form.requestSubmit(button); }"
    page.goto(base_url + "/")
    with page.expect_navigation():
        page.evaluate(send, f'.language-switcher button[value="{locale}"]')
    page.wait_for_function("code => document.documentElement.lang === code", arg=locale)
    if easy_read:
        with page.expect_navigation():
            page.evaluate(send, ".easy-read-toggle button")
        page.wait_for_selector("html.easy-read")


def _said(page) -> list[str]:
    return page.evaluate("() => window.__speech.spoken.map(s => s.text)")


def _box(page, name: str) -> str:
    """One of the component's own words (data-said-…, data-word-…), in the page's language."""
    return page.locator(BOX).get_attribute(name)


def _status(page) -> str:
    return page.locator("[data-read-aloud-status]").inner_text().strip()


def _focused_action(page) -> str | None:
    return page.evaluate("() => document.activeElement && document.activeElement.dataset.readAloudAction || null")


def _wait_until_decided(page, available: str) -> None:
    page.wait_for_function(
        "value => document.querySelector('[data-read-aloud]').dataset.readAloudAvailable === value", arg=available
    )


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_headless_chromium_has_no_voice_so_the_button_stays_hidden_and_nothing_errors(live_server, page):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    set_preferences(page, live_server, "nb", easy_read=True)
    page.goto(live_server + INFO_PAGE)
    _wait_until_decided(page, "no")
    assert page.evaluate("() => speechSynthesis.getVoices().length") == 0
    assert page.locator(BOX).is_hidden()
    assert page.get_by_role("button", name="Les opp").count() == 0
    assert problems == []


@pytest.mark.parametrize(
    "locale, voices, shown, voice",
    [
        ("nb", ["en-GB"], False, None),  # an English voice does not read Bokmål
        ("nb", ["en-GB", "no-NO"], True, "no-NO"),  # "no" is Norwegian
        ("nn", ["en-GB", "nb-NO"], True, "nb-NO"),  # a Bokmål voice reads Nynorsk
        ("nn", ["nb-NO", "nn-NO"], True, "nn-NO"),  # … but a Nynorsk voice is better
        ("se", ["nb-NO", "fi-FI"], False, None),  # Northern Sami needs a Sami voice
    ],
    ids=["nb-english-only", "nb-no", "nn-bokmal", "nn-nynorsk", "se-norwegian-only"],
)
def test_the_button_shows_only_with_a_voice_for_the_pages_language(
    live_server, context_factory, locale, voices, shown, voice
):
    page = _speech_context(context_factory, voices).new_page()
    set_preferences(page, live_server, locale, easy_read=True)
    page.goto(live_server + "/ordliste")
    _wait_until_decided(page, "yes" if shown else "no")
    assert page.locator(BOX).is_visible() is shown
    if shown:
        page.locator(START).focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => window.__speech.spoken.length > 0")
        assert page.evaluate("() => window.__speech.spoken[0].voice") == voice


def test_without_javascript_there_is_no_read_aloud_button(live_server, context_factory):
    page = context_factory(javascript=False).new_page()
    page.goto(live_server + "/")
    page.locator(".easy-read-toggle button").click()
    page.wait_for_selector("html.easy-read")
    assert page.locator(BOX).count() == 1
    assert page.locator(BOX).is_hidden()


def test_ola_hears_his_plan_block_by_block_in_order_with_the_block_marked(live_server, context_factory, axe_source):
    page = _speech_context(context_factory, ["nb-NO"]).new_page()
    set_preferences(page, live_server, "nn", easy_read=True)
    log_in_at_stand_in(page, live_server, "Ola Berg")
    page.wait_for_url(re.compile(r"/(min-side|hvem-handler-du-for)$"))
    page.goto(live_server + "/plan")
    _wait_until_decided(page, "yes")
    headings = [_normalised(h) for h in page.locator("main h1, main h2, main h3").all_inner_texts()]
    # Each goal's words (in easy-read, each of its sentences) are a block of their own.
    goal_texts = [
        _normalised(t)
        for goal in page.locator("main .goal__text").all()
        for t in (goal.locator(".sentence").all_inner_texts() or [goal.inner_text()])
    ]
    assert goal_texts, "Ola's plan has goals"
    main_text = _normalised(page.locator("main").inner_text())

    page.locator(START).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__speech.spoken.length === 1")
    # While reading: the first block is marked, and the page still passes axe (the mark's colours).
    assert page.locator(".read-aloud-current").count() == 1
    assert run_axe(page, axe_source) == []
    screenshot(page, "read-aloud-plan-nn-easy-reading")

    steps = page.evaluate(READ_TO_THE_END)
    said = [step["said"] for step in steps]
    assert len(said) > len(headings) + len(goal_texts)
    # Each block is marked while it is read, alone, in the main content and in view.
    for step in steps:
        assert step["marked"] == 1 and step["inMain"] and step["inView"], step
        assert step["said"][:25] in step["markedWords"], step
    # In the order of the page, each block once: every spoken text is found further on in the
    # main content than the one before it.
    position = 0
    for text in said:
        found = main_text.find(text[:25], position)
        assert found >= position, f"{text!r} was read out of order or is not on the page"
        position = found
    # Headings and goals are blocks of their own; the page's frame and the read-aloud's own
    # buttons are not read.
    for text in headings + goal_texts:
        assert text in said
    assert not any("Les opp" in text or "Hopp til" in text for text in said)
    # Read to the end: nothing is marked, and the status says so.
    page.wait_for_function("() => document.querySelector('[data-read-aloud]').dataset.state === 'idle'")
    assert page.locator(".read-aloud-current").count() == 0
    assert _status(page) == _box(page, "data-said-finished")
    assert page.locator(START).is_visible()


def test_pause_resume_and_stop_by_keyboard_say_what_happens(live_server, context_factory):
    page = _speech_context(context_factory, ["nb-NO"]).new_page()
    set_preferences(page, live_server, "nb", easy_read=True)
    page.goto(live_server + INFO_PAGE)
    _wait_until_decided(page, "yes")
    page.locator(START).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__speech.spoken.length === 1")
    # Focus moves to «Pause», which took the place of «Les opp»; the change is announced.
    assert _focused_action(page) == "pause"
    assert page.locator(START).is_hidden() and page.locator(STOP).is_visible()
    assert page.locator("[data-read-aloud-status]").get_attribute("role") == "status"
    assert _status(page) == _box(page, "data-said-reading")
    page.evaluate("() => { window.__speech.finish(); window.__speech.finish(); }")
    said = _said(page)
    assert len(said) == 3
    marked = page.locator(".read-aloud-current").inner_text()

    page.keyboard.press("Enter")  # «Pause»
    page.wait_for_function("() => document.querySelector('[data-read-aloud]').dataset.state === 'paused'")
    assert _focused_action(page) == "resume"
    assert _status(page) == _box(page, "data-said-paused")
    assert page.evaluate("() => window.__speech.cancels") >= 1
    assert page.evaluate("() => window.__speech.finish()") is False, "nothing is spoken while paused"
    assert _said(page) == said, "the cancelled block's end did not move on"
    assert page.locator(".read-aloud-current").inner_text() == marked, "the place is kept while paused"

    page.keyboard.press("Enter")  # «Fortsett å lese»: the block that was paused is read again
    page.wait_for_function("() => window.__speech.spoken.length === 4")
    assert _said(page)[-1] == said[-1]
    assert _focused_action(page) == "pause"
    assert _status(page) == _box(page, "data-said-reading")
    assert page.locator(".read-aloud-current").inner_text() == marked

    page.keyboard.press("Tab")  # from «Pause» to «Stopp opplesingen»
    assert _focused_action(page) == "stop"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('[data-read-aloud]').dataset.state === 'idle'")
    assert _focused_action(page) == "start"
    assert _status(page) == _box(page, "data-said-stopped")
    assert page.locator(".read-aloud-current").count() == 0
    assert page.evaluate("() => window.__speech.finish()") is False
    assert len(_said(page)) == 4

    # Escape on the controls stops too.
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__speech.spoken.length === 5")
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.querySelector('[data-read-aloud]').dataset.state === 'idle'")
    assert _focused_action(page) == "start"


@pytest.mark.parametrize("locale", ["nb", "nn"])
def test_a_form_is_read_as_question_hint_choices_and_answers(live_server, context_factory, axe_source, locale):
    page = _speech_context(context_factory, ["nb-NO"]).new_page()
    set_preferences(page, live_server, locale, easy_read=True)
    log_in_at_stand_in(page, live_server, "Kari Nordmann")
    page.wait_for_url(re.compile(r"/(min-side|hvem-handler-du-for)$"))
    page.goto(live_server + "/hva-er-viktig/livsomrader")
    assert page.locator("html").get_attribute("lang") == locale
    _wait_until_decided(page, "yes")
    # Kari ticks a choice and writes in the field, by keyboard.
    page.locator("#field-areas-daily-living").focus()
    page.keyboard.press("Space")
    page.locator("#field-other_area").focus()
    page.keyboard.type("Hagen")
    fieldset = page.locator("#field-areas")
    question = _normalised(fieldset.locator("legend").inner_text())
    # The hint is read as it is shown: in easy-read, a sentence a line, one at a time.
    hint = fieldset.locator(".form-field__hint")
    hint = [_normalised(t) for t in hint.locator(".sentence").all_inner_texts()] or [_normalised(hint.inner_text())]
    choices = [_normalised(t) for t in fieldset.locator("label").all_inner_texts()]
    chosen = _normalised(page.locator("label[for=field-areas-daily-living]").inner_text())
    field_label = _normalised(page.locator("label[for=field-other_area]").inner_text())
    assert len(choices) >= 4

    page.locator(START).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.__speech.spoken.length === 1")
    assert run_axe(page, axe_source) == []
    # On to the first choice: the mark is on it, and the page still passes axe.
    page.evaluate(
        "() => { while (!document.querySelector('.read-aloud-current').matches('label')) __speech.finish(); }"
    )
    assert run_axe(page, axe_source) == []
    screenshot(page, f"read-aloud-form-{locale}-easy-reading-a-choice")
    page.evaluate(READ_TO_THE_END)
    said = _said(page)
    word_chosen, word_typed = _box(page, "data-word-chosen"), _box(page, "data-word-typed")
    expected = [question, *hint] + [f"{c}, {word_chosen}" if c == chosen else c for c in choices]
    expected.append(f"{field_label}. {word_typed} Hagen")
    start = said.index(question)
    assert said[start : start + len(expected)] == expected


def test_htmx_navigation_stops_the_reading(live_server, context_factory):
    page = _speech_context(context_factory, ["nb-NO"]).new_page()
    set_preferences(page, live_server, "nb", easy_read=True)
    page.goto(live_server + INFO_PAGE)
    _wait_until_decided(page, "yes")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator(START).focus()
    page.keyboard.press("Enter")
    page.evaluate("() => window.__speech.finish()")
    assert len(_said(page)) == 2
    cancels = page.evaluate("() => window.__speech.cancels")
    link = page.get_by_role("link", name="Ordliste", exact=True).first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ordliste$"))
    page.wait_for_function("() => document.activeElement && document.activeElement.tagName === 'H1'")
    assert page.evaluate("() => window.__sameDocument") is True, "the page was not swapped by htmx"
    assert page.evaluate("() => window.__speech.cancels") > cancels
    assert page.evaluate("() => window.__speech.finish()") is False, "nothing is being read"
    assert len(_said(page)) == 2
    _wait_until_decided(page, "yes")
    assert page.locator(BOX).get_attribute("data-state") == "idle"
    assert page.locator(START).is_visible()
    assert page.locator(".read-aloud-current").count() == 0


# --- The seam for a read-aloud service -----------------------------------------------------------

SERVICE = "https://read-aloud.example.test/v1/speech"


def _silent_wav(milliseconds: int = 40, rate: int = 8000) -> bytes:
    samples = rate * milliseconds // 1000
    data = b"\x80" * samples  # 8-bit unsigned silence
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt "
    header += struct.pack("<IHHIIHH", 16, 1, 1, rate, rate, 1, 8) + b"data" + struct.pack("<I", len(data))
    return header + data


def test_by_default_the_csp_opens_nothing_for_read_aloud(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "connect-src 'self';" in csp and "media-src 'self';" in csp


def test_a_configured_read_aloud_service_is_allowed_by_the_csp_and_nothing_else(database_url):
    app = make_app(database_url, READ_ALOUD_SERVICE_URL=SERVICE)
    csp = app.test_client().get("/").headers["Content-Security-Policy"]
    assert "connect-src 'self' https://read-aloud.example.test;" in csp
    assert "media-src 'self' blob:;" in csp
    assert (
        "script-src 'nonce-" in csp
        and "https://read-aloud.example.test" not in csp.split("script-src")[1].split(";")[0]
    )


@pytest.mark.parametrize(
    "url, accepted",
    [
        ("", True),
        ("/read-aloud", True),
        (SERVICE, True),
        ("http://read-aloud.example.test/", False),
        ("javascript:alert(1)", False),
        ("//read-aloud.example.test/", False),
        ("https://user:secret@read-aloud.example.test/", False),
    ],
)
def test_the_read_aloud_service_url_must_be_https_or_on_this_host(tmp_path, url, accepted):
    env = {"MINPLAN_ENV": "development", "READ_ALOUD_SERVICE_URL": url}
    if accepted:
        assert load_config(tmp_path, env)["READ_ALOUD_SERVICE_URL"] == url
    else:
        with pytest.raises(ConfigError):
            load_config(tmp_path, env)


def test_with_a_service_the_page_is_sent_block_by_block_and_played_as_audio(database_url, context_factory):
    """No browser voice at all (headless Chromium): the configured service speaks instead. The
    service is a stand-in answered inside the browser; nothing leaves the machine."""
    app = make_app(database_url, READ_ALOUD_SERVICE_URL=SERVICE)
    server = serve_in_thread(app)
    base = f"http://127.0.0.1:{server.server_port}"
    asked = []
    service_down = False

    def answer(route):
        request = route.request
        cors = {"Access-Control-Allow-Origin": base, "Access-Control-Allow-Headers": "content-type"}
        if request.method == "OPTIONS":
            route.fulfill(status=204, headers={**cors, "Access-Control-Allow-Methods": "POST"})
            return
        asked.append({"body": request.post_data_json, "cookie": request.headers.get("cookie")})
        if service_down:
            route.fulfill(status=503, headers=cors, body="")
        else:
            route.fulfill(status=200, headers={**cors, "Content-Type": "audio/wav"}, body=_silent_wav())

    try:
        page = context_factory().new_page()
        page.route(SERVICE, answer)
        set_preferences(page, base, "nn", easy_read=True)
        page.goto(base + "/ordliste")
        _wait_until_decided(page, "yes")
        blocks = page.evaluate(
            "() => [...document.querySelectorAll('#main h1, #main p')].filter(e => !e.closest('[data-read-aloud]')).length"
        )
        page.locator(START).focus()
        page.keyboard.press("Enter")
        assert page.locator(BOX).get_attribute("data-state") == "reading"
        page.wait_for_function("() => document.querySelector('[data-read-aloud]').dataset.state === 'idle'")
        assert _status(page) == _box(page, "data-said-finished")
        assert len(asked) >= blocks
        assert asked[0]["body"] == {"text": _normalised(page.locator("main h1").inner_text()), "lang": "nn"}
        assert all(request["cookie"] is None for request in asked), "the service gets no cookies"
        # When the service does not answer, the reading stops and says so.
        service_down = True
        page.locator(START).focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('[data-read-aloud]').dataset.state === 'idle'")
        assert _status(page) == _box(page, "data-said-failed")
        assert page.locator(".read-aloud-current").count() == 0
        assert _focused_action(page) == "start"
    finally:
        server.shutdown()
