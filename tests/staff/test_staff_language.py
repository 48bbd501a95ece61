"""The staff side's own language choice and its refusal pages' way out (found by a review in the
browser: the menu's language buttons changed nothing there, and a refused form's "front page" was
the citizens')."""

from __future__ import annotations

from app.sessions import STAFF_PREFIX
from tests.staff.sessions import ASKOY_COORDINATOR, log_in_staff


def _lang(page: str) -> str:
    return page.split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_staff_member_chooses_english_and_the_staff_pages_are_in_english(app, client):
    log_in_staff(app, client, ASKOY_COORDINATOR)
    home = client.get(STAFF_PREFIX + "/").get_data(as_text=True)
    assert _lang(home) == "nb" and f'action="{STAFF_PREFIX}/sprak"' in home
    chosen = client.client.post(
        STAFF_PREFIX + "/sprak",
        data={"locale": "en", "next": STAFF_PREFIX + "/planer"},
        headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
    )
    assert chosen.status_code == 303 and chosen.headers["Location"] == STAFF_PREFIX + "/planer"
    page = client.get(STAFF_PREFIX + "/planer").get_data(as_text=True)
    assert _lang(page) == "en"
    assert _lang(client.get(STAFF_PREFIX + "/").get_data(as_text=True)) == "en"


def test_the_staff_language_choice_is_refused_from_another_site_and_for_no_language(app, client):
    log_in_staff(app, client, ASKOY_COORDINATOR)
    foreign = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    assert client.client.post(STAFF_PREFIX + "/sprak", data={"locale": "en"}, headers=foreign).status_code == 403
    same = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    assert client.client.post(STAFF_PREFIX + "/sprak", data={"locale": "xx"}, headers=same).status_code == 400
    assert _lang(client.get(STAFF_PREFIX + "/").get_data(as_text=True)) == "nb"


def test_a_refused_staff_form_leads_back_to_the_staff_side(app, client):
    log_in_staff(app, client, ASKOY_COORDINATOR)
    refused = client.client.post(STAFF_PREFIX + "/planer/1/moter", data={"csrf_token": "not-a-token"})
    assert refused.status_code == 400
    assert f'href="{STAFF_PREFIX}/">' in refused.get_data(as_text=True)
