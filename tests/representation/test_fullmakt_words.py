"""A fullmakt is told exactly: who, what (only see, or take part), from when, until when and
whether it holds now, with no line that contradicts another; the access log says to whom a
fullmakt was given or taken back; and a holder who may only read is told so where it matters."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, format_date, gettext

from app.domain import clock
from tests.auth.sessions import act_for, log_in_test_client, representation_id
from tests.pages import KARIS_WALK
from tests.people import KARI, NILS, OLA, RANDI


def _items(html: str) -> list[str]:
    """Each fullmakt on the list, as the words a reader sees."""
    found = re.findall(r'<li class="record-list__item fullmakt">(.*?)</li>', html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in found]


def _say(app, locale: str, text: str, **values) -> str:
    with app.test_request_context(), force_locale(locale):
        return gettext(text, **values)


def _day(app, locale: str, day) -> str:
    with app.test_request_context(), force_locale(locale):
        return format_date(day, "long")


def _revoke_nils(app, client) -> None:
    fullmakt = representation_id(app, NILS, KARI, "power_of_attorney")
    token = client.csrf_token("/fullmakter")
    assert client.post(f"/fullmakter/{fullmakt}/trekk-tilbake", {"csrf_token": token}).status_code == 303


def test_a_read_only_fullmakt_in_force_says_who_what_from_when_until_when_and_that_it_holds(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    assert _items(client.get("/fullmakter").get_data(as_text=True)) == [
        "Nils Lund "
        "Fullmakt til å se planen din, men ikke til å endre noe. "
        "Gjelder fra 1. januar 2026 til du trekker den tilbake. "
        "Fullmakten gjelder nå. "
        "Trekk tilbake fullmakten til Nils Lund"
    ]


@pytest.mark.parametrize("locale", ["nb", "en"])
def test_a_withdrawn_fullmakt_is_told_in_the_past_and_never_as_valid_until_withdrawn(app, client, locale):
    log_in_test_client(app, client, KARI, locale=locale, easy_read=False)
    _revoke_nils(app, client)
    today = _day(app, locale, clock.today())
    start = _day(app, locale, clock.today().replace(year=2026, month=1, day=1))
    expected = " ".join(
        [
            "Nils Lund",
            _say(app, locale, "Fullmakt til å se planen din, men ikke til å endre noe."),
            _say(app, locale, "Gjaldt fra %(start)s til den ble trukket tilbake %(end)s.", start=start, end=today),
            _say(app, locale, "Fullmakten er trukket tilbake."),
        ]
    )
    html = client.get("/fullmakter").get_data(as_text=True)
    assert _items(html) == [expected]
    assert _say(app, locale, "Gjelder til du trekker den tilbake.") not in html
    assert "trekk-tilbake" not in html  # nothing left to withdraw
    # The holder reads the same, about the one who gave it.
    log_in_test_client(app, client, NILS, locale=locale, easy_read=False)
    assert _items(client.get("/fullmakter").get_data(as_text=True)) == [
        " ".join(
            [
                "Kari Nordmann",
                _say(
                    app,
                    locale,
                    "Fullmakt til å se planen til %(name)s, men ikke til å endre noe.",
                    name="Kari Nordmann",
                ),
                _say(app, locale, "Gjaldt fra %(start)s til den ble trukket tilbake %(end)s.", start=start, end=today),
                _say(app, locale, "Fullmakten er trukket tilbake."),
            ]
        )
    ]


def test_a_fullmakt_to_take_part_with_an_end_says_so(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    token = client.csrf_token("/fullmakter")
    data = {"pid": RANDI, "name": "Randi Berg", "scopes": ["read", "contribute"], "valid_to": "31.12.2030"}
    response = client.post("/fullmakter/ny", {**data, "csrf_token": token, "next": "/fullmakter/ny"})
    assert response.status_code == 303
    items = _items(client.get("/fullmakter").get_data(as_text=True))
    today = _day(app, "nb", clock.today())
    assert (
        "Randi Berg Fullmakt til å se planen din og ta del i den. "
        f"Gjelder fra {today} til og med 31. desember 2030. Fullmakten gjelder nå."
    ) in " | ".join(items)


@pytest.mark.parametrize("locale", ["nb", "nn"])
def test_the_access_log_says_to_whom_a_fullmakt_was_given_and_from_whom_it_was_taken_back(app, client, locale):
    log_in_test_client(app, client, KARI, locale=locale, easy_read=False)
    token = client.csrf_token("/fullmakter")
    data = {"pid": RANDI, "name": "Randi Berg", "scopes": ["read", "contribute"], "valid_to": ""}
    assert client.post("/fullmakter/ny", {**data, "csrf_token": token}).status_code == 303
    _revoke_nils(app, client)
    log = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/tilgangslogg").get_data(as_text=True)))
    you = _say(app, locale, "Du")
    granted = _say(
        app,
        locale,
        "%(who)s ga %(name)s fullmakt til å se planen og ta del i den %(date)s kl. %(time)s.",
        who=you,
        name="Randi Berg",
        date="DATE",
        time="TIME",
    )
    revoked = _say(
        app,
        locale,
        "%(who)s trakk tilbake fullmakten til %(name)s %(date)s kl. %(time)s.",
        who=you,
        name="Nils Lund",
        date="DATE",
        time="TIME",
    )
    for sentence in (granted, revoked):
        pattern = re.escape(sentence).replace("DATE", r"\d{1,2}\.? \w+ \d{4}").replace("TIME", r"\d\d[:.]\d\d")
        assert re.search(pattern, log), (sentence, log[:2000])
    assert _say(app, locale, "%(who)s ga en fullmakt %(date)s kl. %(time)s.", who=you, date="", time="")[:12] not in log


def _scope_note(html: str) -> str | None:
    found = re.search(r'<div class="ds-alert access-scope"[^>]*>(.*?)</div>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else None


def test_a_read_only_holder_is_told_on_the_plan_a_goal_and_the_consents_that_they_may_only_read(app, client):
    act_for(app, client, NILS, KARI, "power_of_attorney")
    goal = KARIS_WALK.resolve(app)
    plan_note = (
        "Du har fullmakt til å se planen til Kari Nordmann, men ikke til å endre noe. "
        "Vil du kunne ta del i planen, må Kari Nordmann gi deg en ny fullmakt."
    )
    assert _scope_note(client.get("/plan").get_data(as_text=True)) == plan_note
    assert _scope_note(client.get(f"/plan/mal/{goal}").get_data(as_text=True)) == plan_note
    assert _scope_note(client.get("/samtykke").get_data(as_text=True)) == (
        "Du har fullmakt til å se planen til Kari Nordmann, men ikke til å endre noe. "
        "Samtykker kan bare Kari Nordmann selv, en verge eller en forelder gi eller trekke tilbake."
    )


def test_the_read_only_note_in_nynorsk_easy_read_is_one_sentence_a_line(app, client):
    act_for(app, client, NILS, KARI, "power_of_attorney")
    client.post("/sprak", {"locale": "nn", "csrf_token": client.csrf_token("/plan")})
    client.post("/lettlest", {"easy_read": "on", "csrf_token": client.csrf_token("/plan")})
    html = client.get("/plan").get_data(as_text=True)
    note = re.search(r'<div class="ds-alert access-scope"[^>]*>(.*?)</div>', html, re.S).group(1)
    lines = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", p)).strip() for p in re.findall(r"<p>(.*?)</p>", note, re.S)]
    assert lines == [
        _say(app, "nn", "Du kan se planen til %(name)s.", name="Kari Nordmann"),
        _say(app, "nn", "Du kan ikke endre noe."),
        _say(app, "nn", "Vil du kunne ta del i planen, må %(name)s gi deg en ny fullmakt.", name="Kari Nordmann"),
    ]


@pytest.mark.parametrize("who, whom", [(KARI, None), (RANDI, OLA)], ids=["herself", "verge"])
def test_no_read_only_note_for_anyone_who_may_take_part(app, client, who, whom):
    if whom:
        act_for(app, client, who, whom)
    else:
        log_in_test_client(app, client, who)
    for path in ("/plan", "/samtykke"):
        assert _scope_note(client.get(path).get_data(as_text=True)) is None
