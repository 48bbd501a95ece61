"""No lost words, in the browser: type, let the session run out, send, log in again at ID-porten's
stand-in, and find the words saved; another person logging in never gets them; the warning before
the end is announced, reached by keyboard, and "Fortsett" extends the session on the server."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from app import db
from app.models import BrowserSession, GoalEvaluation
from app.models.base import utcnow
from tests.browser.conftest import run_axe, screenshot, set_preferences
from tests.conftest import TEST_CLIENT_ID, idp_config, make_app, serve_in_thread
from tests.demo_lookups import goal_id
from tests.people import KARI

WORDS = "Jeg gikk til postkassen i dag 🌿 og det gikk fint"
SSO_COOKIE = "devidp_sso"


@pytest.fixture
def no_evaluations_left(app):
    yield
    with app.app_context(), db.new_session() as s:
        s.execute(delete(GoalEvaluation).where(GoalEvaluation.comment.contains("postkassen")))
        s.commit()


def _log_in(page, base_url: str, name: str) -> None:
    page.goto(base_url + "/min-side")  # not logged in: straight to the stand-in
    page.wait_for_selector("text=Logg inn med TestID")
    page.get_by_role("button", name=re.compile(name)).click()
    page.wait_for_url(re.compile(r"/(min-side|hvem-handler-du-for)$"))


def _end_the_session(app) -> None:
    """As if the person had written for 31 minutes without sending anything."""
    with app.app_context(), db.new_session() as s:
        s.execute(update(BrowserSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
        s.commit()


def _saved_evaluations(app) -> list[str]:
    with app.app_context(), db.new_session() as s:
        return list(s.scalars(select(GoalEvaluation.comment).where(GoalEvaluation.comment == WORDS)))


def _write_on_karis_goal(app, page, live_server) -> None:
    page.goto(f"{live_server}/plan/mal/{goal_id(app, KARI, 'Jeg vil gå tur')}")
    page.locator("#rating-some").check()
    page.locator("#field-comment").fill(WORDS)


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_words_written_as_the_session_ends_are_saved_after_logging_in_again(
    app, live_server, context_factory, axe_source, no_evaluations_left, javascript
):
    page = context_factory(javascript=javascript).new_page()
    _log_in(page, live_server, "Kari Nordmann")
    _write_on_karis_goal(app, page, live_server)
    _end_the_session(app)
    page.locator("form.evaluation button[type=submit]").click()
    # Still logged in at ID-porten (single sign-on), so the login comes straight back, to her words
    # and one press: with JavaScript too, nothing is sent in her name that she has not seen.
    page.wait_for_url(re.compile(r"/skjema/send-igjen$"))
    assert WORDS in page.locator("main").inner_text()
    page.wait_for_timeout(300)
    assert _saved_evaluations(app) == [], "sent before she pressed the button"
    screenshot(page, f"kept-form-send-again-{'js' if javascript else 'nojs'}-nb")
    page.get_by_role("button", name="Send skjemaet").click()
    page.wait_for_selector(".ds-alert[data-color=success]")
    assert "Takk! Vi har lagret det." in page.locator("main").inner_text()
    assert WORDS in page.locator("#history-heading + ol").inner_text()
    assert _saved_evaluations(app) == [WORDS]


def test_the_page_that_sends_the_kept_words_passes_axe(
    app, live_server, context_factory, axe_source, no_evaluations_left
):
    page = context_factory().new_page()
    _log_in(page, live_server, "Kari Nordmann")
    _write_on_karis_goal(app, page, live_server)
    _end_the_session(app)
    page.locator("form.evaluation button[type=submit]").click()
    page.wait_for_url(re.compile(r"/skjema/send-igjen$"))
    assert WORDS in page.locator(".kept-words").inner_text()
    assert run_axe(page, axe_source) == []
    page.get_by_role("button", name="Send skjemaet").press("Enter")
    page.wait_for_selector(".ds-alert[data-color=success]")
    assert _saved_evaluations(app) == [WORDS]


def test_another_person_logging_in_after_the_session_ended_never_gets_the_words(
    app, live_server, context_factory, no_evaluations_left
):
    context = context_factory()
    page = context.new_page()
    _log_in(page, live_server, "Kari Nordmann")
    _write_on_karis_goal(app, page, live_server)
    _end_the_session(app)
    context.clear_cookies(name=SSO_COOKIE)  # Kari left ID-porten too; Arne sits down
    page.locator("form.evaluation button[type=submit]").click()
    page.wait_for_selector("text=Logg inn med TestID")
    page.get_by_role("button", name=re.compile("Arne Vik")).click()
    page.wait_for_url(re.compile(r"/min-side$"))
    assert "postkassen" not in page.content()
    page.goto(live_server + "/skjema/send-igjen")
    page.wait_for_url(re.compile(r"/min-side$"))
    assert "postkassen" not in page.content()
    assert _saved_evaluations(app) == []


def test_a_refused_form_shows_the_words_back_with_the_way_to_the_form(app, live_server, context_factory, axe_source):
    """When nothing proves whose the form was (here: the session's row is gone already, as when
    another tab found it ended), nothing is stored, and the words are shown back to copy."""
    page = context_factory().new_page()
    _log_in(page, live_server, "Kari Nordmann")
    _write_on_karis_goal(app, page, live_server)
    goal_url = page.url
    with app.app_context(), db.new_session() as s:
        s.execute(delete(BrowserSession))
        s.commit()
    page.locator("form.evaluation button[type=submit]").click()
    page.wait_for_selector("h1:has-text('Skjemaet er utløpt')")
    assert page.locator(".kept-words textarea").first.input_value() == WORDS
    assert page.get_by_role("link", name="Tilbake til skjemaet").get_attribute("href") == goal_url.removeprefix(
        live_server
    )
    assert run_axe(page, axe_source) == []
    screenshot(page, "kept-words-400-nb")


@pytest.fixture
def short_session_server(database_url, idp):
    """The app with a one-minute idle time and the warning 55 seconds before the end: the warning
    shows a few seconds after a page loads."""
    app = make_app(database_url, SESSION_IDLE_MINUTES=1, SESSION_WARNING_SECONDS=55, **idp_config(idp))
    server = serve_in_thread(app)
    base_url = f"http://127.0.0.1:{server.server_port}"
    idp.clients[TEST_CLIENT_ID].add_base_url(base_url)
    yield app, base_url
    server.shutdown()
    app.extensions["db_engine"].dispose()


def _last_seen(app):
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(BrowserSession.last_seen_at).where(BrowserSession.person_id.is_not(None)))


@pytest.mark.parametrize("locale, easy_read", [("nb", False), ("nn", True)], ids=["nb-standard", "nn-easy-read"])
def test_the_warning_is_announced_and_going_on_by_keyboard_extends_the_session(
    short_session_server, context_factory, axe_source, locale, easy_read
):
    app, base_url = short_session_server
    page = context_factory().new_page()
    set_preferences(page, base_url, locale, easy_read)
    _log_in(page, base_url, "Kari Nordmann")
    page.goto(f"{base_url}/plan/mal/{goal_id(app, KARI, 'Jeg vil gå tur')}")
    before = _last_seen(app)
    warning = page.locator('[role="alertdialog"]')
    warning.wait_for(state="visible")
    # Announced where focus is, and named by its heading and text.
    announce = page.locator("[data-session-announce]")
    assert announce.get_attribute("aria-live") == "assertive"
    page.wait_for_function("() => document.querySelector('[data-session-announce]').textContent.length > 20")
    heading = "Du blir snart logget ut"
    assert announce.inner_text().startswith(heading if locale == "nb" else "")
    assert warning.get_attribute("aria-labelledby") == "session-timeout-title"
    # Nobody was typing: focus went to the one button, and Enter goes on.
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('[data-session-go-on]')")
    assert run_axe(page, axe_source) == []
    screenshot(page, f"session-warning-{locale}-{'easy' if easy_read else 'standard'}")
    page.keyboard.press("Enter")
    warning.wait_for(state="hidden")
    assert _last_seen(app) > before  # extended on the server


def test_the_warning_waits_for_a_pause_in_typing_and_gives_the_caret_back(short_session_server, context_factory):
    app, base_url = short_session_server
    page = context_factory().new_page()
    _log_in(page, base_url, "Kari Nordmann")
    page.goto(f"{base_url}/plan/mal/{goal_id(app, KARI, 'Jeg vil gå tur')}")
    field = page.locator("#field-comment")
    field.click()
    page.keyboard.type("Jeg skriver")
    page.locator('[role="alertdialog"]').wait_for(state="visible")
    # At the first pause focus moves to "Fortsett"; typing a letter goes on in the field.
    page.wait_for_function("() => document.activeElement.matches('[data-session-go-on]')")
    page.keyboard.type("!")
    assert field.input_value() == "Jeg skriver!"
    assert page.evaluate("() => document.activeElement.id") == "field-comment"
    # At the next pause it is offered again; Enter goes on and the caret is where it was.
    page.wait_for_function("() => document.activeElement.matches('[data-session-go-on]')")
    before = _last_seen(app)
    page.keyboard.press("Enter")
    page.locator('[role="alertdialog"]').wait_for(state="hidden")
    assert page.evaluate("() => [document.activeElement.id, document.activeElement.selectionStart]") == [
        "field-comment",
        len("Jeg skriver!"),
    ]
    page.keyboard.type(" Mer.")
    assert field.input_value() == "Jeg skriver! Mer."
    assert _last_seen(app) > before
