"""The coordinator's work on a plan, every route of it from the URL map (a new one cannot be
forgotten): only the plan's own coordinator gets in; the coordinator of another plan, another
municipality's coordinator, a KE officer (who may read a plan by stating a reason, never write it),
a staff member with no role, a citizen and a visitor are all refused, and the refusal is logged.
A refused request changes nothing and writes nothing to the person's access log."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import pytest
from flask import url_for
from sqlalchemy import func, select

from app import db
from app.models import (
    AuditEvent,
    Goal,
    Measure,
    Meeting,
    MeetingTopic,
    Message,
    Participant,
    Plan,
    PlanChange,
    ScheduleEntry,
)
from app.services.people import find_by_pid
from app.sessions import STAFF_PREFIX
from tests.auth.sessions import log_in_test_client
from tests.people import KARI
from tests.staff.sessions import (
    ASKOY_COORDINATOR,
    ASKOY_OFFICER,
    ASKOY_OTHER_COORDINATOR,
    LUSTER_COORDINATOR,
    NO_ROLE,
    log_in_staff,
)
from tests.staff.test_access_table import is_plan_work

# Who is refused, and how: 404 for staff whose role opens plans but not this one (the same
# answer as for a plan that does not exist), 403 for a capability no role of theirs gives, the
# staff login for anyone not logged in on the staff side.
NOT_THEIRS = {ASKOY_OTHER_COORDINATOR, LUSTER_COORDINATOR}
WRITE_FORBIDDEN = {ASKOY_OFFICER}  # reads with a reason (tests/staff/test_staff_plans.py), never writes
NO_CAPABILITY = {NO_ROLE}
NOT_STAFF = {"citizen", "anonymous"}


def _values(app) -> dict[str, int]:
    """An id of Kari's for every parameter a plan-work route takes."""
    with app.app_context():
        s = db.db_session()
        kari = find_by_pid(s, KARI)
        plan = s.scalar(select(Plan).where(Plan.owner_id == kari.id))
        meeting = s.scalar(select(Meeting.id).where(Meeting.plan_id == plan.id).order_by(Meeting.starts_at))
        measure = s.scalar(select(Measure.id).where(Measure.plan_id == plan.id))
        return {
            "plan_id": plan.id,
            "goal_id": s.scalar(select(Goal.id).where(Goal.plan_id == plan.id)),
            "participant_id": s.scalar(select(Participant.id).where(Participant.plan_id == plan.id)),
            "measure_id": measure,
            "meeting_id": meeting,
            "topic_id": s.scalar(select(MeetingTopic.id).join(Meeting).where(Meeting.plan_id == plan.id)) or 1,
            "entry_id": s.scalar(select(ScheduleEntry.id).where(ScheduleEntry.measure_id == measure)),
            # The demo has no message: any id does for who may reach the route.
            "message_id": s.scalar(select(Message.id).where(Message.plan_id == plan.id)) or 1,
        }


def _routes(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every plan-work route, filled with Kari's ids."""
    values = _values(app)
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not is_plan_work(rule):
                continue
            missing = [name for name in rule.arguments if values.get(name) is None]
            assert not missing, f"{rule.rule}: add a value for {missing}"
            url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, url))
    return found


def _ke_may_write(endpoint: str) -> bool:
    """The conversation is the KE's too while the person has an open case there
    (tests/messages/test_ke_conversation.py); Kari has none, so it is 404 like a plan not theirs."""
    return endpoint.startswith("staff_messages.")


def _counts(app) -> tuple[int, int]:
    with app.app_context(), db.new_session() as s:
        return (
            s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.staff_member_id.is_not(None))),
            s.scalar(select(func.count()).select_from(PlanChange)),
        )


def test_the_walk_reaches_the_coordinators_work(app):
    endpoints = {endpoint for endpoint, _method, _url in _routes(app)}
    assert {"staff_proposals.proposals", "staff_visits.upcoming", "staff_meetings.meetings_page"} <= endpoints
    assert {"staff_revisions.revision", "staff_plan_editor.overview"} <= endpoints


def test_the_plans_own_coordinator_gets_every_page(app, client):
    log_in_staff(app, client, ASKOY_COORDINATOR)
    for endpoint, method, url in _routes(app):
        if method == "GET":
            assert client.get(url).status_code == 200, endpoint


@pytest.mark.parametrize("who", sorted(NOT_THEIRS | WRITE_FORBIDDEN | NO_CAPABILITY | NOT_STAFF))
def test_everyone_else_is_refused_and_it_is_logged(app, client, caplog, who):
    caplog.set_level(logging.INFO)
    if who == "citizen":
        log_in_test_client(app, client, KARI)
    elif who != "anonymous":
        log_in_staff(app, client, who)
    token = client.csrf_token(STAFF_PREFIX + "/")
    before = _counts(app)
    for endpoint, method, url in _routes(app):
        caplog.clear()
        if method == "GET":
            response = client.client.get(url)
        else:
            response = client.client.post(url, data={"csrf_token": token, "version": "1"})
        events = {getattr(record, "event", None) for record in caplog.records}
        where = (who, endpoint, method)
        if who in NOT_STAFF:
            assert response.status_code in (302, 303), where
            assert urlsplit(response.headers["Location"]).path == STAFF_PREFIX + "/logg-inn", where
            assert "staff.login_required" in events, where
        elif who in NO_CAPABILITY or (who in WRITE_FORBIDDEN and method == "POST" and not _ke_may_write(endpoint)):
            assert response.status_code == 403, where
            assert "policy.refused" in events, where
        elif who in WRITE_FORBIDDEN:
            # A KE officer who has given no reason is asked for one (or told the page is not theirs).
            assert response.status_code in (302, 303, 404), where
        else:
            assert response.status_code == 404, where
            assert "policy.object_refused" in events, where
    assert _counts(app) == before, who
