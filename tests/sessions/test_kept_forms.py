"""No lost words: a form sent after the session ended is kept across the new login and sent again
for the same person only; where that cannot be proved or be safe, the words are shown back."""

from __future__ import annotations

import re
import time
from urllib.parse import unquote

from sqlalchemy import select, update

from app import db
from app.auth.kept_form import MAX_AGE_SECONDS, MAX_CHARACTERS
from app.models import BrowserSession, Goal, GoalEvaluation
from devidp.views import SSO_COOKIE
from tests.auth.sessions import representation_id
from tests.demo_lookups import goal_id
from tests.people import ARNE, KARI, OLA, RANDI
from tests.sessions.conftest import WORDS, end_every_session, form_fields, rows_holding


def _karis_walk(app) -> int:
    return goal_id(app, KARI, "Jeg vil gå tur")


def _evaluations_with_words(app) -> list[GoalEvaluation]:
    with app.app_context(), db.new_session() as s:
        return list(s.scalars(select(GoalEvaluation).where(GoalEvaluation.comment == WORDS)))


def _write_evaluation_then_go_quiet(app, visitor, person=KARI, goal=None) -> tuple[str, dict]:
    """Log in (unless `person` is None: already in), open the goal, write, and let the session run out."""
    if person is not None:
        visitor.log_in(person)
    goal = goal or _karis_walk(app)
    page = visitor.get(f"/plan/mal/{goal}")
    assert page.status_code == 200
    form = form_fields(page.text, "hvordan-gar-det")
    end_every_session(app)
    return f"/plan/mal/{goal}/hvordan-gar-det", {**form, "rating": "some", "comment": WORDS}


def _log_in_after_the_refusal(visitor, refused, person=KARI):
    """The refusal sends the person to log in; this logs `person` in at the stand-in."""
    assert refused.status_code == 303
    to_login = refused.headers["Location"]
    assert to_login.startswith("/logg-inn?") and "next=" in to_login
    assert WORDS not in unquote(to_login)  # never in a URL
    at_idp = visitor.get(to_login)
    page = visitor.get(at_idp.headers["Location"])
    if page.is_redirect:  # still logged in at ID-porten (single sign-on): back at once, as the same person
        assert person == KARI
        return visitor.follow(page)
    return visitor.follow(visitor.choose(page, person=person))


def _leave_id_porten(visitor) -> None:
    """The login at ID-porten ended too (a shared computer): the next login asks who it is."""
    visitor.http.cookies.clear(domain="127.0.0.1", path="/", name=SSO_COOKIE)


def test_an_evaluation_sent_after_the_session_ended_is_saved_after_logging_in_again(
    app, visitor, log_lines, no_evaluations_left
):
    action, form = _write_evaluation_then_go_quiet(app, visitor)
    refused = visitor.post(action, form)
    assert rows_holding(app, WORDS) == 1  # kept on the server, in the new session's row
    back_in = _log_in_after_the_refusal(visitor, refused)
    assert back_in.url.endswith("/skjema/send-igjen")
    assert WORDS in back_in.text  # shown, and sent again with a new token
    again = form_fields(back_in.text, action)
    assert again["comment"] == WORDS and again["rating"] == "some" and again["csrf_token"] != form["csrf_token"]
    # Kept until it is sent: it waits for her press, and a reload or a look at the form loses nothing.
    assert rows_holding(app, WORDS) == 1
    assert WORDS in visitor.get("/skjema/send-igjen").text
    assert visitor.get(action.removesuffix("/hvordan-gar-det")).status_code == 200
    assert WORDS in visitor.get("/skjema/send-igjen").text
    saved = visitor.post(action, again)
    assert saved.status_code == 303 and saved.headers["Location"].endswith(action.removesuffix("/hvordan-gar-det"))
    assert rows_holding(app, WORDS) == 0  # sent to its address: the kept copy is done with
    assert visitor.get("/skjema/send-igjen").headers["Location"].endswith("/min-side")
    assert [e.rating for e in _evaluations_with_words(app)] == ["some"]
    assert "Takk! Vi har lagret det." in visitor.follow(saved).text
    assert not [line for line in log_lines if "Turen gikk tregt" in line]  # never in a log


def test_another_person_logging_in_after_the_session_ended_never_sees_or_saves_the_words(
    app, visitor, no_evaluations_left
):
    action, form = _write_evaluation_then_go_quiet(app, visitor)
    refused = visitor.post(action, form)
    _leave_id_porten(visitor)
    back_in = _log_in_after_the_refusal(visitor, refused, person=ARNE)
    assert WORDS not in back_in.text and "Turen gikk" not in back_in.text
    assert back_in.url.endswith("/min-side")
    assert rows_holding(app, WORDS) == 0  # thrown away at the login
    assert WORDS not in visitor.get("/skjema/send-igjen").text
    assert _evaluations_with_words(app) == []


def test_a_form_with_a_token_from_another_session_is_not_kept_but_shown_back(app, visitor, live_server, idp):
    """A forged form (a token minted for someone else's session) is never stored or sent again;
    the person who sent it sees the words in the answer, with the way back to the form."""
    from tests.auth.visitor import Visitor

    action, form = _write_evaluation_then_go_quiet(app, visitor)
    stranger = Visitor(live_server, idp.issuer)
    stranger.log_in(ARNE)
    foreign = {**form, "csrf_token": stranger.csrf_token("/min-side")}
    refused = visitor.post(action, foreign, headers={"Referer": f"{live_server}/plan/mal/{_karis_walk(app)}"})
    assert refused.status_code == 400
    assert "Skjemaet er utløpt" in refused.text and WORDS in refused.text
    assert f'href="/plan/mal/{_karis_walk(app)}">Tilbake til skjemaet' in refused.text
    assert rows_holding(app, WORDS) == 0


def test_a_tampered_session_cookie_keeps_nothing_and_shows_the_words_back(app, visitor):
    action, form = _write_evaluation_then_go_quiet(app, visitor)
    visitor.http.cookies.set("minplan_session", visitor.cookie() + "x", domain="127.0.0.1", path="/")
    refused = visitor.post(action, form)
    assert refused.status_code == 400 and WORDS in refused.text
    assert rows_holding(app, WORDS) == 0


def test_a_form_larger_than_the_limit_is_shown_back_not_stored(app, visitor):
    action, form = _write_evaluation_then_go_quiet(app, visitor)
    long_words = WORDS + " " + "ord " * (MAX_CHARACTERS // 4)
    refused = visitor.post(action, {**form, "comment": long_words})
    assert refused.status_code == 400
    assert long_words.strip() in refused.text.replace("&#39;", "'")
    assert rows_holding(app, WORDS) == 0


def test_a_kept_form_older_than_its_limit_is_discarded(app, visitor, no_evaluations_left):
    action, form = _write_evaluation_then_go_quiet(app, visitor)
    refused = visitor.post(action, form)
    with app.app_context(), db.new_session() as s:
        row = next(r for r in s.scalars(select(BrowserSession)) if WORDS in str(r.data))
        data = dict(row.data)
        data["kept_form"] = {**data["kept_form"], "kept_at": time.time() - MAX_AGE_SECONDS - 5}
        s.execute(update(BrowserSession).where(BrowserSession.id == row.id).values(data=data))
        s.commit()
    back_in = _log_in_after_the_refusal(visitor, refused)
    assert back_in.url.endswith("/min-side") and WORDS not in back_in.text
    assert rows_holding(app, WORDS) == 0 and _evaluations_with_words(app) == []


def test_a_form_written_while_acting_for_someone_else_is_shown_to_copy_not_sent(app, visitor):
    """Randi wrote on Ola's goal as his verge; back in, she chooses to act for herself: the form
    is not sent for the wrong person, and she gets her words to copy."""
    visitor.log_in(RANDI)
    token = visitor.csrf_token("/hvem-handler-du-for")
    chosen = visitor.post(
        "/hvem-handler-du-for", {"csrf_token": token, "subject": str(representation_id(app, RANDI, OLA))}
    )
    assert chosen.status_code == 303
    olas_goal = int(re.search(r"/plan/mal/(\d+)", visitor.get("/plan").text).group(1))
    action, form = _write_evaluation_then_go_quiet(app, visitor, person=None, goal=olas_goal)
    refused = visitor.post(action, form)
    assert refused.status_code == 303
    at_idp = visitor.get(refused.headers["Location"])
    choose = visitor.follow(visitor.get(at_idp.headers["Location"]))  # single sign-on: Randi again
    assert choose.url.split("?")[0].endswith("/hvem-handler-du-for")  # whom today?
    token = form_fields(choose.text, "/hvem-handler-du-for")["csrf_token"]
    next_url = form_fields(choose.text, "/hvem-handler-du-for")["next"]
    assert next_url == "/skjema/send-igjen"
    shown = visitor.follow(
        visitor.post("/hvem-handler-du-for", {"csrf_token": token, "subject": "self", "next": next_url})
    )
    assert "Skjemaet ble ikke sendt" in shown.text
    assert WORDS in shown.text and 'action="/plan/mal/' not in shown.text
    assert _evaluations_with_words(app) == []


def test_a_goal_changed_by_someone_else_meanwhile_shows_both_versions(app, visitor):
    """The kept form is sent through the same view: a goal changed meanwhile is the 409 page with
    both versions, and the words written are in the form, not lost and not saved over the other."""
    goal = _karis_walk(app)
    visitor.log_in(KARI)
    edit = visitor.get(f"/plan/mal/{goal}/endre")
    form = form_fields(edit.text, "/endre")
    end_every_session(app)
    with app.app_context(), db.new_session() as s:
        original = s.get(Goal, goal)
        before = (original.needs, original.version)
        s.execute(update(Goal).where(Goal.id == goal).values(needs="Noen andre skrev dette", version=Goal.version + 1))
        s.commit()
    try:
        words = {"text": "Jeg vil gå tur i nærmiljøet.", "own_resources": "", "network_help": "", "needs": WORDS}
        refused = visitor.post(f"/plan/mal/{goal}/endre", {**form, **words})
        back_in = _log_in_after_the_refusal(visitor, refused)
        conflict = visitor.post(f"/plan/mal/{goal}/endre", form_fields(back_in.text, "/endre"))
        assert conflict.status_code == 409
        assert "Noen andre skrev dette" in conflict.text and WORDS in conflict.text
        with app.app_context(), db.new_session() as s:
            assert s.get(Goal, goal).needs == "Noen andre skrev dette"
    finally:
        with app.app_context(), db.new_session() as s:
            s.execute(update(Goal).where(Goal.id == goal).values(needs=before[0], version=before[1]))
            s.commit()
