"""Lost updates, as the attack made them: people saving the same thing at the same moment against
gunicorn with three worker processes. Exactly one wins; every other one is told, with both
versions; what is stored is one submission entire; never a 500."""

from __future__ import annotations

import json

import pytest

from tests.concurrency.forms import act_for, csrf, hidden, one, person_id, rows
from tests.concurrency.server import at_once
from tests.people import KARI, OLA, RANDI, SARA

pytestmark = pytest.mark.usefixtures("no_server_errors")
ROUNDS = 3
CONFLICT = 'id="wizard-conflict"'  # Ola reads Nynorsk: the conflict section, not its words


def test_three_people_saving_the_same_wizard_step_at_once_lose_nothing_silently(real_server):
    ola, ola_elsewhere, randi = real_server.visitor(OLA), real_server.visitor(OLA), real_server.visitor(RANDI)
    act_for(randi, real_server, RANDI, OLA)
    writers = [ola, ola_elsewhere, randi]
    for round_ in range(ROUNDS):
        pages = [w.get("/hva-er-viktig/viktig") for w in writers]
        versions = {hidden(p, "version") for p in pages}
        assert len(versions) == 1, "everyone starts from the same saved version"
        answers = [f"Runde {round_}: svar fra skriver {i}." for i in range(len(writers))]
        responses = at_once(
            *[
                (
                    lambda w=w, p=p, a=a: w.post(
                        "/hva-er-viktig/viktig",
                        {"csrf_token": csrf(p), "version": hidden(p, "version"), "important": a},
                    )
                )
                for w, p, a in zip(writers, pages, answers, strict=False)
            ]
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [303, 409, 409], statuses
        winner = answers[[r.status_code for r in responses].index(303)]
        stored = one(
            real_server, "SELECT answers FROM wizard_draft WHERE owner_id = :owner", owner=person_id(real_server, OLA)
        )
        stored = json.loads(stored) if isinstance(stored, str) else stored  # SQLite keeps JSON as text
        assert stored["important"] == winner
        for response, typed in zip(responses, answers, strict=False):
            if response.status_code == 409:
                assert CONFLICT in response.text
                assert typed in response.text, "the loser's own words are kept"
                assert winner in response.text, "and the words that were saved are shown beside them"


def test_two_tabs_keeping_a_goal_private_at_once_change_it_once_and_the_other_is_told(real_server):
    tabs = [real_server.visitor(SARA) for _ in range(3)]
    goal = one(
        real_server,
        "SELECT g.id FROM goal g JOIN plan p ON p.id = g.plan_id WHERE p.owner_id = :owner "
        "AND g.private_from_parents = :false ORDER BY g.id LIMIT 1",
        owner=person_id(real_server, SARA),
        false=False,
    )
    for _ in range(ROUNDS):
        now_private = bool(one(real_server, "SELECT private_from_parents FROM goal WHERE id = :id", id=goal))
        pages = [tab.get(f"/plan/mal/{goal}") for tab in tabs]
        before = one(real_server, "SELECT count(*) FROM audit_event WHERE action = 'goal.privacy_changed'")
        responses = at_once(
            *[
                (
                    lambda tab=tab, page=page: tab.post(
                        f"/plan/mal/{goal}/skjul-for-foreldre",
                        {
                            "csrf_token": csrf(page),
                            "expected": "on" if now_private else "off",
                            "private": "off" if now_private else "on",
                        },
                    )
                )
                for tab, page in zip(tabs, pages, strict=False)
            ]
        )
        assert [r.status_code for r in responses] == [303, 303, 303]
        shown = [tab.get(r.headers["Location"]).text for tab, r in zip(tabs, responses, strict=False)]
        assert sum("Endringen er lagret." in page for page in shown) == 1
        already = "Målet er allerede synlig" if now_private else "Målet er allerede skjult"
        assert sum(f"{already} for foreldrene dine." in page for page in shown) == 2
        assert (
            bool(one(real_server, "SELECT private_from_parents FROM goal WHERE id = :id", id=goal)) is not now_private
        )
        after = one(real_server, "SELECT count(*) FROM audit_event WHERE action = 'goal.privacy_changed'")
        assert after - before == 1, "one change, logged once"


def test_renewing_the_calendar_link_three_times_at_once_shows_only_a_link_that_works(real_server):
    tabs = [real_server.visitor(KARI) for _ in range(3)]
    for _ in range(ROUNDS):
        pages = [tab.get("/plan/kalender") for tab in tabs]
        responses = at_once(
            *[
                (
                    lambda tab=tab, page=page: tab.post(
                        "/plan/kalender",
                        {"csrf_token": csrf(page), "feed": hidden(page, "feed"), "include": ["measures", "meetings"]},
                    )
                )
                for tab, page in zip(tabs, pages, strict=False)
            ]
        )
        statuses = [r.status_code for r in responses]
        assert sorted(statuses) == [303, 409, 409], statuses
        for response in responses:
            if response.status_code == 409:
                assert "Det ble nettopp laget en ny lenke et annet sted" in response.text
                assert 'id="feed-url"' not in response.text, "no link is shown that does not work"
        winner = tabs[statuses.index(303)]
        shown = winner.get(responses[statuses.index(303)].headers["Location"])
        link = hidden_feed_url(shown.text)
        feed = winner.http.get(link, timeout=10)
        assert feed.status_code == 200 and feed.text.startswith("BEGIN:VCALENDAR")
        assert (
            len(
                rows(
                    real_server,
                    "SELECT id FROM calendar_feed WHERE owner_id = :owner",
                    owner=person_id(real_server, KARI),
                )
            )
            == 1
        )


def hidden_feed_url(html: str) -> str:
    import re
    from html import unescape

    return unescape(re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', html).group(1))
