"""What is new since the reader last looked: on Min side, at the top of the plan and as one line on
the front page; seeing the plan makes it old; the reader's own changes are never news to them."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import event, select

from app import db
from app.domain import Actor
from app.domain.events import EventName
from app.models import Plan, PlanChange, PlanSeen
from app.services import plan_changes
from app.services.people import find_by_pid
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import KARI, NILS, OLA, RANDI, SARA
from tests.plan.changes import record_changes

NEW = "Nytt siden sist"
TOLD = "Koordinatoren Line Haugland la til et nytt tiltak: Hjemmehjelp"
CHANGES = [
    (EventName.MEASURE_ADDED, {"what": "Hjemmehjelp"}, None),
    (EventName.MINUTES_WRITTEN, {"meeting_id": 1, "when": "2026-11-20T09:00:00+00:00"}, None),
]


def _text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return " ".join(BeautifulSoup(response.get_data(as_text=True), "html.parser").find("main").get_text(" ").split())


def test_kari_sees_what_is_new_until_she_has_seen_her_plan(app, client):
    log_in_test_client(app, client, KARI)
    client.get("/plan")  # whatever the demo data holds is seen
    assert NEW not in _text(client, "/min-side")
    record_changes(app, KARI, CHANGES)

    my_page = _text(client, "/min-side")
    assert NEW in my_page and TOLD in my_page and "skrev referatet fra møtet" in my_page
    assert "Nytt i planen din" in _text(client, "/")
    plan = _text(client, "/plan")
    assert NEW in plan and TOLD in plan

    # Seen: nothing of it is new any more, on any page; the history still tells it.
    assert NEW not in _text(client, "/plan")
    assert NEW not in _text(client, "/min-side") and "Nytt i planen din" not in _text(client, "/")
    assert TOLD in _text(client, "/plan/historikk")


def test_a_few_are_told_and_the_rest_are_in_the_history(app, client):
    log_in_test_client(app, client, KARI)
    client.get("/plan")
    record_changes(app, KARI, [(EventName.MEASURE_ADDED, {"what": f"Tiltak {n}"}, None) for n in range(5)])
    html = client.get("/min-side").get_data(as_text=True)
    news = BeautifulSoup(html, "html.parser").find("section", attrs={"aria-labelledby": "news-heading"})
    assert len(news.find_all("li")) == 3 and "Tiltak 4" in news.get_text() and "Tiltak 1" not in news.get_text()
    assert news.find("a", string="Se alt som er endret i planen")["href"] == "/plan/historikk"


def test_her_own_changes_are_not_news_to_her(app, client):
    log_in_test_client(app, client, KARI)
    client.get("/plan")
    record_changes(app, KARI, [(EventName.GOAL_CHANGED, {"goal_text": "Jeg vil gå lange turer"}, None)], by=KARI)
    assert NEW not in _text(client, "/min-side")
    assert "Du endret et mål: Jeg vil gå lange turer" in _text(client, "/plan/historikk")


def test_randi_reads_what_is_new_in_olas_plan_in_his_name(app, client):
    act_for(app, client, RANDI, OLA)
    client.get("/plan")
    record_changes(app, OLA, [(EventName.PLAN_REVISED, {"number": 1}, None)])
    assert "Nytt i planen til Ola" in _text(client, "/")
    assert "gikk gjennom planen til Ola" in _text(client, "/min-side")


def test_nils_reading_karis_plan_has_his_own_place_in_it(app, client):
    """Each reader has seen the plan as far as they have: Kari's visit does not make it old to Nils."""
    record_changes(app, KARI, CHANGES)
    act_for(app, client, NILS, KARI, "power_of_attorney")
    assert NEW in _text(client, "/plan")
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, KARI)
    assert NEW in _text(client, "/plan")


def test_two_tabs_marking_the_plan_seen_at_once_do_not_fail(app, monkeypatch):
    """The other tab's row lands between the look for it and the insert: the unique row is refused
    and moved forward instead, never a 500."""
    record_changes(app, KARI, CHANGES)
    move_forward, calls = plan_changes._move_forward, []

    def moved(*args):
        calls.append(args)
        return move_forward(*args)

    monkeypatch.setattr(plan_changes, "_move_forward", moved)
    with app.app_context():
        s = db.new_session()
        kari = find_by_pid(s, KARI)
        plan_id = s.scalar(select(Plan.id).where(Plan.owner_id == kari.id))
        s.query(PlanSeen).filter_by(reader_id=kari.id, plan_id=plan_id).delete()
        s.commit()

        def other_tab_first(session, _flush_context, _instances):
            with db.new_session() as other:
                other.add(PlanSeen(reader_id=kari.id, plan_id=plan_id, last_change_id=1))
                other.commit()

        event.listen(s, "before_flush", other_tab_first, once=True)
        plan_changes.mark_seen(s, Actor(kari), plan_id)
        latest = s.scalar(select(PlanChange.id).where(PlanChange.plan_id == plan_id).order_by(PlanChange.id.desc()))
        seen = s.scalar(select(PlanSeen.last_change_id).where(PlanSeen.reader_id == kari.id))
        # Its look found no row, its insert lost to the other tab's: it moved that row forward instead.
        assert seen == latest and len(calls) == 1
        s.close()


def test_minutes_kept_from_the_parents_are_no_news_to_them_nor_in_the_history(app, client):
    """A change recorded as private (minutes marked as kept from the parents) is hidden from a
    restricted parent on both databases' JSON, and shown to the child herself."""
    record_changes(
        app,
        SARA,
        [(EventName.MINUTES_WRITTEN, {"meeting_id": 1, "when": "2026-11-20T10:00:00+01:00", "private": True}, None)],
    )
    act_for(app, client, NILS, SARA)
    assert "referatet fra møtet" not in client.get("/plan/historikk").get_data(as_text=True)
    log_in_test_client(app, client, SARA)
    assert "referatet fra møtet" in client.get("/plan/historikk").get_data(as_text=True)


def test_a_change_made_while_her_plan_is_shown_is_still_news_next_time(app, client, monkeypatch):
    """Seeing the plan marks seen what the page showed, not a change that landed while it was made."""
    from app.services import plan_news

    log_in_test_client(app, client, KARI)
    client.get("/plan")
    news_for_actor = plan_news.news_for_actor

    def meanwhile(*args, **kwargs):
        shown = news_for_actor(*args, **kwargs)
        record_changes(app, KARI, CHANGES[:1])  # the coordinator saves while Kari's page is made
        return shown

    monkeypatch.setattr(plan_news, "news_for_actor", meanwhile)
    assert TOLD not in _text(client, "/plan")
    monkeypatch.setattr(plan_news, "news_for_actor", news_for_actor)
    assert TOLD in _text(client, "/plan")  # not seen: told now
    assert TOLD not in _text(client, "/plan")
