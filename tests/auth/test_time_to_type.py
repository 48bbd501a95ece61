"""Time to type is for the form that was shown under a fresh login, not for whoever is at the
browser later (app/auth/fresh_form.py). Giving a fullmakt, the plan consent or a sharing consent
needs a login at most 15 minutes old; a form shown then may be sent up to 15 minutes later.

Found by an attack: the extra 15 minutes were granted to any form sent to the address, so someone
at a browser left logged in 15–30 minutes earlier gave himself a fullmakt to her plan without the
page that asks her to log in again."""

from __future__ import annotations

import re
import time
import types

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app import db
from app.auth import current as current_login
from app.models import Representation
from app.services.people import find_by_pid
from tests.auth.sessions import log_in_test_client
from tests.people import ARNE, KARI

STAMP = re.compile(r'name="login_stamp" value="([^"]*)"')
MINUTES = 60


def _fullmakter_to_arne(app) -> int:
    with app.app_context(), db.new_session() as s:
        arne, kari = find_by_pid(s, ARNE), find_by_pid(s, KARI)
        return s.scalar(
            select(func.count())
            .select_from(Representation)
            .where(
                Representation.holder_id == arne.id,
                Representation.represented_id == kari.id,
                Representation.revoked_at.is_(None),
            )
        )


def _logged_in_minutes_ago(app, client, minutes: float) -> None:
    log_in_test_client(app, client, KARI)
    with client.client.session_transaction() as session:
        session["auth_time"] = time.time() - minutes * MINUTES


@pytest.fixture
def later(monkeypatch):
    """Move the login's clock on, as if she had been typing."""

    def move(minutes: float) -> None:
        now = time.time() + minutes * MINUTES
        monkeypatch.setattr(current_login, "time", types.SimpleNamespace(time=lambda: now))

    return move


def _grant(client, stamp: str | None):
    form = {"pid": ARNE, "name": "Arne Vik", "scopes": ["read", "contribute"], "valid_to": ""}
    form["csrf_token"] = client.csrf_token("/fullmakter")
    if stamp is not None:
        form["login_stamp"] = stamp
    return client.client.post("/fullmakter/ny", data=form)


def _sent_to_log_in_again(response) -> bool:
    return response.status_code == 303 and response.headers["Location"].startswith("/logg-inn")


def test_a_form_shown_under_a_fresh_login_may_be_sent_after_fifteen_minutes_of_typing(app, client, later):
    _logged_in_minutes_ago(app, client, 10)
    [stamp] = STAMP.findall(client.get("/fullmakter/ny").get_data(as_text=True))
    assert stamp
    later(10)  # 20 minutes after the login
    before = _fullmakter_to_arne(app)
    response = _grant(client, stamp)
    assert response.status_code == 303 and response.headers["Location"] == "/fullmakter"
    assert _fullmakter_to_arne(app) == before + 1


def test_a_form_sent_straight_to_the_address_after_fifteen_minutes_needs_a_new_login(app, client):
    _logged_in_minutes_ago(app, client, 20)
    assert _sent_to_log_in_again(client.client.get("/fullmakter/ny"))  # the page asks for it
    before = _fullmakter_to_arne(app)
    for stamp in (None, "", "forged", "InsxMjM0NTY3ODkwLjB8aHR0cDovL2lkcG9ydGVuLm5vL2xldmVsL2hpZ2gi.x"):
        assert _sent_to_log_in_again(_grant(client, stamp)), stamp
    assert _fullmakter_to_arne(app) == before


def test_a_stamp_from_an_earlier_login_does_not_count_for_this_one(app, client, later):
    _logged_in_minutes_ago(app, client, 10)
    [stamp] = STAMP.findall(client.get("/fullmakter/ny").get_data(as_text=True))
    _logged_in_minutes_ago(app, client, 16)  # another login in this browser, itself past 15 minutes
    before = _fullmakter_to_arne(app)
    assert _sent_to_log_in_again(_grant(client, stamp))
    assert _fullmakter_to_arne(app) == before


def _withdraw_the_plan_consent(client) -> None:
    page = BeautifulSoup(client.get("/samtykke/plan/trekk-tilbake").get_data(as_text=True), "html.parser")
    form = page.find("form", attrs={"action": "/samtykke/plan/trekk-tilbake"})
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    assert client.client.post("/samtykke/plan/trekk-tilbake", data=fields).status_code == 303


def test_no_stamp_is_given_on_a_page_shown_under_an_old_login(app, client):
    """The plan consent's page opens under any login; its form counts late only if shown fresh."""
    log_in_test_client(app, client, KARI)
    _withdraw_the_plan_consent(client)  # so the page offers to give it
    stamps = STAMP.findall(client.get("/samtykke/plan").get_data(as_text=True))
    assert len(stamps) == 1 and stamps[0]
    _logged_in_minutes_ago(app, client, 20)
    assert STAMP.findall(client.get("/samtykke/plan").get_data(as_text=True)) == [""] * len(stamps)


def test_after_thirty_minutes_even_a_stamped_form_needs_a_new_login(app, client, later):
    _logged_in_minutes_ago(app, client, 1)
    [stamp] = STAMP.findall(client.get("/fullmakter/ny").get_data(as_text=True))
    later(30)
    before = _fullmakter_to_arne(app)
    assert _sent_to_log_in_again(_grant(client, stamp))
    assert _fullmakter_to_arne(app) == before


def test_a_form_shown_again_with_what_to_fix_keeps_its_stamp(app, client, later):
    _logged_in_minutes_ago(app, client, 10)
    [stamp] = STAMP.findall(client.get("/fullmakter/ny").get_data(as_text=True))
    later(8)  # 18 minutes after the login: a stamp would not be given now
    form = {"pid": "123", "name": "", "scopes": ["read"], "valid_to": "", "login_stamp": stamp}
    again = client.client.post("/fullmakter/ny", data={**form, "csrf_token": client.csrf_token("/fullmakter")})
    assert again.status_code == 422
    assert STAMP.findall(again.get_data(as_text=True)) == [stamp]
    before = _fullmakter_to_arne(app)
    assert _grant(client, stamp).status_code == 303
    assert _fullmakter_to_arne(app) == before + 1


def test_a_stamp_is_for_the_form_it_was_shown_on_only(app, client, later):
    """Found by an attack on the stamp: it named the login only, so the plan consent's page (which
    any login opens) gave a stamp that let a fullmakt be given late, no fullmakt page ever shown."""
    log_in_test_client(app, client, KARI)
    _withdraw_the_plan_consent(client)  # so the page offers to give it
    _logged_in_minutes_ago(app, client, 10)  # she looks at her consent page, fresh, and walks away
    [stamp] = STAMP.findall(client.get("/samtykke/plan").get_data(as_text=True))
    assert stamp
    later(10)  # 20 minutes after the login: someone else at the browser
    before = _fullmakter_to_arne(app)
    assert _sent_to_log_in_again(_grant(client, stamp))
    assert _fullmakter_to_arne(app) == before
