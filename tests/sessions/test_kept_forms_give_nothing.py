"""A form kept across a new login is sent again only when the person presses the button, and never
one that gives someone access or shares information (app/auth/kept_form.py, policy.Declaration).

Found by an attack: anyone at the browser after the session ran out could forge a form with the
ended session's token (still in the open page), and the owner's next login sent it at once, with a
login fresh enough for the step-up: a fullmakt to the stranger, granted in her name."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app import db
from app.models import Goal, Participant, Plan, PlanConsent, Representation, SharingConsent
from app.services.people import find_by_pid
from tests.demo_lookups import goal_id
from tests.people import ARNE, KARI, SARA
from tests.sessions.conftest import end_every_session
from tests.sessions.test_kept_forms import _log_in_after_the_refusal, _write_evaluation_then_go_quiet

NAME = "Arne Vik"  # the stranger's name, which he types into the forged form


def _count(app, model, **where) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.count()).select_from(model).filter_by(**where))


def _karis(app) -> tuple[int, int, int]:
    with app.app_context(), db.new_session() as s:
        kari, arne = find_by_pid(s, KARI), find_by_pid(s, ARNE)
        plan = s.scalar(select(Plan.id).where(Plan.owner_id == kari.id))
        participant = s.scalar(select(Participant.id).where(Participant.plan_id == plan).order_by(Participant.id))
        return kari.id, arne.id, participant


def _forms(app) -> dict[str, tuple[str, dict]]:
    kari, _arne, participant = _karis(app)
    return {
        "fullmakt": (
            "/fullmakter/ny",
            {"pid": ARNE, "name": NAME, "scopes": ["read", "contribute"], "valid_to": ""},
        ),
        "plan consent": ("/samtykke/plan/gi", {"version": "1", "child": ""}),
        "sharing consent": (
            f"/samtykke/{participant}/gi",
            {"version": "0", "areas": ["health", "daily_living"], "purpose": NAME, "valid_from": "", "valid_to": ""},
        ),
    }


@pytest.mark.parametrize("form", ["fullmakt", "plan consent", "sharing consent"])
def test_a_form_forged_after_the_session_ended_is_never_sent_by_the_next_login(app, visitor, form):
    kari, arne, _participant = _karis(app)
    action, fields = _forms(app)[form]
    visitor.log_in(KARI)
    old_token = visitor.csrf_token("/min-side")  # in the page still open on the screen
    end_every_session(app)  # she has walked away; the session runs out
    granted = _count(app, Representation, holder_id=arne, represented_id=kari)
    consents = _count(app, SharingConsent)

    forged = visitor.post(action, {**fields, "csrf_token": old_token})
    # Shown back to copy, as a form nothing proves is hers is: not kept for her next login.
    assert forged.status_code == 400, forged.status_code
    if form == "fullmakt":
        assert NAME in forged.text

    visitor.log_in(KARI)  # she comes back
    resend = visitor.get("/skjema/send-igjen")
    assert "data-kept-form" not in resend.text and NAME not in resend.text
    assert _count(app, Representation, holder_id=arne, represented_id=kari) == granted
    assert _count(app, SharingConsent) == consents


def test_words_kept_across_the_login_wait_for_her_to_press_send(app, visitor):
    """An evaluation she wrote as the session ended comes back to be sent, by her press only: no
    script on the page sends it (with or without JavaScript: tests/browser/test_session_expiry.py)."""
    action, form = _write_evaluation_then_go_quiet(app, visitor)
    back_in = _log_in_after_the_refusal(visitor, visitor.post(action, form))
    assert "data-kept-form" in back_in.text and "Send skjemaet" in back_in.text
    [script] = re.findall(r'src="([^"]*session-timeout[^"]*)"', back_in.text)
    assert "data-kept-form" not in visitor.get(script).text


def test_the_refusal_shows_back_a_number_and_a_date_she_typed(app, visitor):
    """ "You lose nothing" holds for what is hardest to find again: the identity number she typed."""
    action, fields = _forms(app)["fullmakt"]
    visitor.log_in(KARI)
    old_token = visitor.csrf_token("/min-side")
    end_every_session(app)
    refused = visitor.post(action, {**fields, "valid_to": "24.12.2027", "csrf_token": old_token})
    assert refused.status_code == 400
    assert ARNE in refused.text and "24.12.2027" in refused.text and NAME in refused.text
    assert ">read<" not in refused.text  # a choice's value is no word of hers


def test_the_refusal_in_easy_read_says_what_to_do_next(app, visitor):
    action, fields = _forms(app)["fullmakt"]
    visitor.log_in(KARI)
    visitor.post("/lettlest", {"easy_read": "on", "next": "/min-side"}, headers={"Origin": visitor.app_url})
    old_token = visitor.csrf_token("/min-side")
    end_every_session(app)
    refused = visitor.post(action, {**fields, "csrf_token": old_token})
    assert refused.status_code == 400 and NAME in refused.text
    assert "Det du skrev, står nedenfor." in refused.text and "Gå tilbake og prøv igjen." in refused.text


def test_showing_a_private_goal_to_the_parents_is_never_kept_across_a_login(app, visitor):
    """Found by an attack on the change above: "show it to my parents" shares a 12–15-year-old's
    goal, and her father at her browser after her session ended could forge it for her next login."""
    goal = goal_id(app, SARA, "Jeg vil snakke med noen")
    visitor.log_in(SARA)
    old_token = visitor.csrf_token("/min-side")
    end_every_session(app)
    forged = visitor.post(
        f"/plan/mal/{goal}/skjul-for-foreldre", {"private": "off", "expected": "on", "csrf_token": old_token}
    )
    assert forged.status_code == 400
    visitor.log_in(SARA)
    assert "data-kept-form" not in visitor.get("/skjema/send-igjen").text
    with app.app_context(), db.new_session() as s:
        assert s.scalar(select(Goal.private_from_parents).where(Goal.id == goal))


def test_a_form_of_choices_only_is_never_kept_to_be_sent_blind(app, visitor):
    """With no words of hers, the page that sends a kept form again could show her nothing of what
    it sends in her name (saying stop to the plan, here): it is shown back, not kept."""
    visitor.log_in(KARI)
    old_token = visitor.csrf_token("/min-side")
    end_every_session(app)
    forged = visitor.post("/samtykke/plan/trekk-tilbake", {"version": "1", "csrf_token": old_token})
    assert forged.status_code == 400
    visitor.log_in(KARI)
    assert "data-kept-form" not in visitor.get("/skjema/send-igjen").text
    with app.app_context(), db.new_session() as s:
        plan = s.scalar(select(Plan.id).where(Plan.owner_id == find_by_pid(s, KARI).id))
        assert s.scalar(select(PlanConsent.status).where(PlanConsent.plan_id == plan)) == "given"
