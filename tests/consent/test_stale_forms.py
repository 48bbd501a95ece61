"""A consent form sent after the consent changed (Back after a withdrawal, a second tab, another
person) changes nothing and says calmly what is true now: no "maybe someone else", and another
person named only when another person really changed it."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale, format_date, format_time, gettext

from app.domain import clock
from tests.auth.sessions import act_for, log_in_test_client
from tests.consent.helpers import change, consent_of, participant_id, version_of, withdraw
from tests.people import KARI, OLA, RANDI


def _notice(html: str) -> str:
    found = re.search(r'<div class="ds-alert[^"]*"[^>]*data-color="info"[^>]*>(.*?)</div>', html, re.S)
    assert found, "an info notice, not a warning"
    return _plain(re.sub(r"<[^>]+>", " ", found.group(1)))


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _when(app, moment, locale: str) -> dict:
    local = moment.astimezone(clock.OSLO)
    with app.test_request_context(), force_locale(locale):
        return {"date": format_date(local.date(), "long"), "time": format_time(local, "short", rebase=False)}


@pytest.mark.parametrize("locale", ["nb", "en"])
def test_back_after_withdrawing_says_it_is_already_withdrawn_and_when(app, client, locale):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI, locale=locale, easy_read=False)
    old = version_of(app, fastlegen)
    assert withdraw(client, fastlegen, version=old).status_code == 303
    client.get("/samtykke")  # the notice of the withdrawal is shown and gone
    assert withdraw(client, fastlegen, version=old).status_code == 303  # Back, and the same form again
    notice = _notice(client.get("/samtykke").get_data(as_text=True))
    withdrawn = consent_of(app, fastlegen).changed_at
    with app.test_request_context(), force_locale(locale):
        expected = gettext(
            "Samtykket til %(service)s er allerede trukket tilbake %(date)s kl. %(time)s.",
            service="Fastlegen",
            **_when(app, withdrawn, locale),
        )
    assert notice == _plain(expected)
    if locale == "nb":
        assert re.fullmatch(
            r"Samtykket til Fastlegen er allerede trukket tilbake \d{1,2}\. \w+ \d{4} kl\. \d\d:\d\d\.", notice
        )
    assert "noen andre" not in notice and "Randi" not in notice


def test_back_to_the_withdraw_page_after_withdrawing_says_the_same(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    withdraw(client, fastlegen)
    client.get("/samtykke")
    response = client.get(f"/samtykke/{fastlegen}/trekk-tilbake")
    assert response.status_code == 303
    assert _notice(client.get("/samtykke").get_data(as_text=True)).startswith(
        "Samtykket til Fastlegen er allerede trukket tilbake "
    )


def test_a_change_form_sent_again_with_the_same_terms_says_it_is_already_saved(app, client):
    fastlegen = participant_id(app, KARI, "Fastlegen")
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    old = version_of(app, fastlegen)
    change(client, fastlegen, version=old, areas=["health"])
    client.get("/samtykke")
    change(client, fastlegen, version=old, areas=["health"])  # a double click: the same again
    notice = _notice(client.get("/samtykke").get_data(as_text=True))
    assert notice.startswith("Samtykket til Fastlegen er allerede lagret slik ")
    assert "Det ble gjort av" not in notice


@pytest.mark.parametrize("locale", ["nb", "nn"])
def test_when_the_verge_withdrew_it_meanwhile_the_person_is_told_who(app, client, locale):
    heimetenesta = participant_id(app, OLA, "Heimetenesta")
    shown = version_of(app, heimetenesta)  # Ola's page was opened on this version
    act_for(app, client, RANDI, OLA)
    assert withdraw(client, heimetenesta).status_code == 303
    log_in_test_client(app, client, OLA, locale=locale, easy_read=False)
    assert withdraw(client, heimetenesta, version=shown).status_code == 303
    notice = _notice(client.get("/samtykke").get_data(as_text=True))
    with app.test_request_context(), force_locale(locale):
        who = gettext("%(name)s (%(basis)s)", name="Randi Berg", basis=gettext("verge"))
        expected = " ".join(
            [
                gettext(
                    "Samtykket til %(service)s er allerede trukket tilbake %(date)s kl. %(time)s.",
                    service="Heimetenesta",
                    **_when(app, consent_of(app, heimetenesta).changed_at, locale),
                ),
                gettext("Det ble gjort av %(who)s.", who=who),
            ]
        )
    assert notice == _plain(expected)
    assert "Randi Berg" in notice


def test_withdrawing_the_plan_consent_twice_says_it_is_already_withdrawn(app, client):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    token = client.csrf_token("/samtykke")
    client.post("/samtykke/plan/trekk-tilbake", {"csrf_token": token, "version": "1"})
    client.get("/samtykke/plan")
    client.post("/samtykke/plan/trekk-tilbake", {"csrf_token": token, "version": "1"})
    notice = _notice(client.get("/samtykke/plan").get_data(as_text=True))
    assert re.fullmatch(
        r"Samtykket til individuell plan er allerede trukket tilbake \d{1,2}\. \w+ \d{4} kl\. \d\d:\d\d\.", notice
    )
