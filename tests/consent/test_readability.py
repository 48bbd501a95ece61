"""The consent pages in words people understand: easy-read LIX ≤ 25, standard ≤ 40,
measured on what the page shows (the main element's text, each block read as a sentence)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from app.readability import EASY_READ_MAX, STANDARD_MAX, lix
from tests.auth.sessions import act_for, log_in_test_client
from tests.consent.helpers import participant_id
from tests.people import EMMA, KARI, PER

PAGES = ["/samtykke", "/samtykke/historikk", "/samtykke/plan", "/samtykke/kvittering"]


def _text(html: str) -> str:
    main = BeautifulSoup(html, "html.parser").find("main")
    for hidden in main.select("[hidden], .read-aloud"):
        hidden.decompose()
    # Headings, list items and buttons are read as units of their own.
    blocks = [
        el.get_text(" ", strip=True)
        for el in main.find_all(["h1", "h2", "h3", "p", "li", "legend", "label", "dt", "dd"])
    ]
    return "\n\n".join(b for b in blocks if b)


def _pages(app, client) -> list[str]:
    forms = [
        f"/samtykke/{participant_id(app, KARI, 'NAV Askøy')}/gi",
        f"/samtykke/{participant_id(app, KARI, 'Fastlegen')}/trekk-tilbake",
        "/samtykke/plan/trekk-tilbake",
    ]
    return PAGES + forms


@pytest.mark.parametrize(
    "easy_read, limit", [(True, EASY_READ_MAX), (False, STANDARD_MAX)], ids=["easy-read", "standard"]
)
def test_consent_pages_read_easily_enough(app, client, easy_read, limit):
    log_in_test_client(app, client, KARI, locale="nb", easy_read=easy_read)
    scores = {path: round(lix(_text(client.get(path).get_data(as_text=True))), 1) for path in _pages(app, client)}
    assert all(score <= limit for score in scores.values()), scores


def test_easy_read_for_a_parent_reads_easily_too(app, client):
    act_for(app, client, PER, EMMA)
    with client.client.session_transaction() as session:
        session["easy_read"], session["locale"] = True, "nb"
    score = lix(_text(client.get("/samtykke").get_data(as_text=True)))
    assert score <= EASY_READ_MAX, score
