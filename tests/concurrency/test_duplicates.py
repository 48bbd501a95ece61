"""Duplicates under concurrency, as the attack made them: the same request several times at the
same moment (a double click, a replay, three tabs) against gunicorn with three worker processes.
What must exist once exists once; every request gets the first one's answer or is told plainly;
never a 500."""

from __future__ import annotations

import pytest

from tests.concurrency.forms import csrf, hidden, one, person_id
from tests.concurrency.numbers import synthetic_adults
from tests.concurrency.server import at_once
from tests.people import KARI, NILS, OLA, PER, RANDI

pytestmark = pytest.mark.usefixtures("no_server_errors")
ROUNDS = 3
NUMBERS = synthetic_adults()
ALREADY = "Du har allerede gitt denne personen en fullmakt."


def _in_force(server, grantor: str, holder: str) -> int:
    return one(
        server,
        "SELECT count(*) FROM representation r JOIN person h ON h.id = r.holder_id "
        "WHERE r.represented_id = :grantor AND h.pid = :holder AND r.revoked_at IS NULL",
        grantor=person_id(server, grantor),
        holder=holder,
    )


def _grant(visitor, page, holder: str, name: str, scopes=("read",)):
    return lambda: visitor.post(
        "/fullmakter/ny",
        {"csrf_token": csrf(page), "pid": holder, "name": name, "scopes": list(scopes), "valid_to": ""},
    )


@pytest.fixture(scope="module")
def kari_tabs(real_server):
    return [real_server.visitor(KARI) for _ in range(3)]


def test_the_same_fullmakt_three_times_at_once_is_given_once_and_withdrawing_it_ends_it(real_server, kari_tabs):
    for round_ in range(ROUNDS):
        holder = next(NUMBERS)  # not yet known: the person is created by the first request
        pages = [tab.get("/fullmakter/ny") for tab in kari_tabs]
        responses = at_once(
            *[_grant(tab, page, holder, f"Tor Tre {round_}") for tab, page in zip(kari_tabs, pages, strict=False)]
        )
        assert [r.status_code for r in responses] == [303, 303, 303], [r.status_code for r in responses]
        assert _in_force(real_server, KARI, holder) == 1
        assert one(real_server, "SELECT count(*) FROM person WHERE pid = :pid", pid=holder) == 1
        listing = kari_tabs[0].get("/fullmakter").text
        assert listing.count(f"<strong>Tor Tre {round_}</strong>") == 1
        # Withdrawing the one fullmakt leaves the holder nothing to act through.
        relation = one(
            real_server,
            "SELECT r.id FROM representation r JOIN person h ON h.id = r.holder_id WHERE h.pid = :pid",
            pid=holder,
        )
        pages = [tab.get("/fullmakter") for tab in kari_tabs]
        revoked = at_once(
            *[
                (
                    lambda tab=tab, page=page: tab.post(
                        f"/fullmakter/{relation}/trekk-tilbake", {"csrf_token": csrf(page)}
                    )
                )
                for tab, page in zip(kari_tabs, pages, strict=False)
            ]
        )
        assert [r.status_code for r in revoked] == [303, 303, 303]
        assert _in_force(real_server, KARI, holder) == 0
        assert (
            one(
                real_server,
                "SELECT count(*) FROM audit_event WHERE action = 'fullmakt.revoked' AND object_id = :id",
                id=str(relation),
            )
            == 1
        )


def test_three_different_fullmakter_to_one_holder_at_once_give_one_and_tell_the_others(real_server, kari_tabs):
    for _ in range(ROUNDS):
        holder = next(NUMBERS)
        pages = [tab.get("/fullmakter/ny") for tab in kari_tabs]
        responses = at_once(
            *[
                _grant(tab, page, holder, f"Navn {i}", scopes=["read", "contribute"][: 1 + i % 2])
                for i, (tab, page) in enumerate(zip(kari_tabs, pages, strict=False))
            ]
        )
        statuses = [r.status_code for r in responses]
        assert sorted(statuses) == [303, 422, 422], statuses
        for response in responses:
            if response.status_code == 422:
                assert ALREADY in response.text
        assert _in_force(real_server, KARI, holder) == 1


def test_three_grantors_naming_one_new_holder_at_once_each_give_theirs_and_no_name_sticks(real_server):
    grantors = {KARI: "Feil Navnesen", PER: "Riktig Navnesen", RANDI: "Et Kallenavn"}
    people = {pid: real_server.visitor(pid) for pid in grantors}
    for _ in range(ROUNDS):
        holder = next(NUMBERS)
        pages = {pid: visitor.get("/fullmakter/ny") for pid, visitor in people.items()}
        responses = at_once(*[_grant(people[pid], pages[pid], holder, name) for pid, name in grantors.items()])
        assert [r.status_code for r in responses] == [303, 303, 303], [r.status_code for r in responses]
        assert one(real_server, "SELECT count(*) FROM person WHERE pid = :pid", pid=holder) == 1
        assert one(real_server, "SELECT name FROM person WHERE pid = :pid", pid=holder) is None
        for pid, name in grantors.items():
            assert _in_force(real_server, pid, holder) == 1
            listing = people[pid].get("/fullmakter").text
            assert f"<strong>{name}</strong>" in listing
            assert all(f"<strong>{other}</strong>" not in listing for other in grantors.values() if other != name)
    # The holder's own page shows none of the names others typed for him.
    own_page = real_server.visitor(holder).get("/min-side").text
    assert all(name not in own_page for name in grantors.values())


def test_the_same_topic_three_times_at_once_is_stored_once(real_server):
    tabs = [real_server.visitor(OLA) for _ in range(3)]
    meeting = one(
        real_server,
        "SELECT m.id FROM meeting m JOIN plan p ON p.id = m.plan_id WHERE p.owner_id = :o",
        o=person_id(real_server, OLA),
    )
    for round_ in range(ROUNDS):
        words = f"Runde {round_}: kan vi snakke om dagsenteret?"
        pages = [tab.get(f"/plan/mote/{meeting}/tema") for tab in tabs]
        responses = at_once(
            *[
                (
                    lambda tab=tab, page=page: tab.post(
                        f"/plan/mote/{meeting}/tema", {"csrf_token": csrf(page), "topic": words}
                    )
                )
                for tab, page in zip(tabs, pages, strict=False)
            ]
        )
        assert [r.status_code for r in responses] == [303, 303, 303]
        assert (
            one(
                real_server,
                "SELECT count(*) FROM meeting_topic WHERE meeting_id = :m AND text = :t",
                m=meeting,
                t=words,
            )
            == 1
        )


def test_one_evaluation_form_sent_three_times_at_once_is_stored_once(real_server):
    tabs = [real_server.visitor(NILS) for _ in range(2)] + [real_server.visitor(OLA)]
    ola = tabs[2]
    goal = one(
        real_server,
        "SELECT g.id FROM goal g JOIN plan p ON p.id = g.plan_id WHERE p.owner_id = :o ORDER BY g.id LIMIT 1",
        o=person_id(real_server, OLA),
    )
    for round_ in range(ROUNDS):
        page = ola.get(f"/plan/mal/{goal}")
        form = {
            "csrf_token": csrf(page),
            "form_token": hidden(page, "form_token"),
            "rating": "some",
            "comment": f"Runde {round_}: litt bedre.",
        }
        responses = at_once(*[(lambda: ola.post(f"/plan/mal/{goal}/hvordan-gar-det", form)) for _ in range(3)])
        assert [r.status_code for r in responses] == [303, 303, 303]
        assert (
            one(
                real_server,
                "SELECT count(*) FROM goal_evaluation WHERE goal_id = :g AND comment = :c",
                g=goal,
                c=form["comment"],
            )
            == 1
        )
        # The same form replayed with other answers stores nothing and says so.
        replay = ola.post(f"/plan/mal/{goal}/hvordan-gar-det", {**form, "rating": "hard"})
        assert replay.status_code == 409
        assert (
            one(
                real_server,
                "SELECT count(*) FROM goal_evaluation WHERE goal_id = :g AND comment = :c",
                g=goal,
                c=form["comment"],
            )
            == 1
        )
