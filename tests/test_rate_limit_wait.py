"""The 429 page gives the real wait: the limiter's own (what Retry-After says), in minutes and as
a time of day, not "a few minutes" when the wait is most of an hour."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale, ngettext

from app.domain import clock
from tests.conftest import idp_config, make_app

SAME_SITE = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}


def _hammer(database_url, idp, limit: str, tries: int, locale: str = "nb", easy_read: bool = False):
    app = make_app(database_url, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT=limit, **idp_config(idp))
    browser = app.test_client()
    browser.post("/sprak", data={"locale": locale}, headers=SAME_SITE)
    if easy_read:
        browser.post("/lettlest", data={"easy_read": "on"}, headers=SAME_SITE)
    statuses = [browser.get("/logg-inn").status_code for _ in range(tries)]
    assert statuses == [303] * tries
    before = time.time()
    page = browser.get("/logg-inn")
    assert page.status_code == 429
    return app, page, before


def _text(page) -> str:
    html = page.get_data(as_text=True)
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("\u202f", " ")


def _clock_within(said: str, earliest: float, latest: float) -> None:
    """The time of day said is when the wait ends (to the minute, in Oslo)."""
    hours, minutes = (int(part) for part in re.split(r"[:.]", said))
    allowed = set()
    moment = datetime.fromtimestamp(earliest, UTC) - timedelta(minutes=1)
    while moment.timestamp() <= latest + 60:
        local = moment.astimezone(clock.OSLO)
        allowed.add((local.hour, local.minute))
        moment += timedelta(seconds=30)
    assert (hours, minutes) in allowed


def test_after_the_hourly_limit_the_page_says_most_of_an_hour_and_when(database_url, idp):
    app, page, before = _hammer(database_url, idp, "3 per hour", 3)
    retry_after = int(page.headers["Retry-After"])
    assert 3500 <= retry_after <= 3600  # most of an hour, not "a few minutes"
    text = _text(page)
    found = re.search(r"Prøv igjen om (\d+) minutter, etter kl\. (\d\d[:.]\d\d)\.", text)
    assert found, text
    assert int(found.group(1)) in {round(retry_after / 60), round((retry_after + 1) / 60)}
    assert int(found.group(1)) >= 59
    _clock_within(found.group(2), before + retry_after - 2, time.time() + retry_after + 2)
    assert "noen minutter" not in text


def test_after_a_burst_the_page_says_one_minute(database_url, idp):
    app, page, before = _hammer(database_url, idp, "2 per minute", 2)
    retry_after = int(page.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    found = re.search(r"Prøv igjen om 1 minutt, etter kl\. (\d\d[:.]\d\d)\.", _text(page))
    assert found, _text(page)


@pytest.mark.parametrize("locale", ["nn", "en"])
def test_easy_read_and_other_languages_say_the_wait_in_their_own_words(database_url, idp, locale):
    app, page, before = _hammer(database_url, idp, "3 per hour", 3, locale=locale, easy_read=True)
    minutes = round(int(page.headers["Retry-After"]) / 60)
    text = _text(page)
    with app.test_request_context(), force_locale(locale):
        candidates = [ngettext("Vent %(num)s minutt.", "Vent %(num)s minutter.", n) for n in (minutes, minutes + 1)]
    assert any(said in text for said in candidates), (candidates, text)
    assert "Vent litt." not in text
