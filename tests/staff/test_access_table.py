"""Access by need, as one table: every staff route for every kind of actor, on objects of Askøy and
of Luster (issue 14, items 2 and 8). Each refusal is logged, each look at or change to a person's
case or plan is one staff row in that person's access log, and a refusal writes none. A citizen's
session never opens a staff page, nor a staff session a citizen's page: each is sent to its own login.

The table is read against the URL map: a staff route without a row for every actor fails."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app import db
from app.domain.capabilities import Capability
from app.models import AuditEvent
from app.policy import declared_capability
from app.sessions import STAFF_PREFIX
from tests.auth.sessions import log_in_test_client
from tests.pages import LOGGED_IN_PAGES
from tests.people import KARI
from tests.staff.access_objects import CASE_ROUTES, LUSTER_OFFICER, PLACES, World
from tests.staff.cases import case_row
from tests.staff.sessions import (
    ASKOY_COORDINATOR,
    ASKOY_OFFICER,
    ASKOY_OTHER_COORDINATOR,
    LUSTER_COORDINATOR,
    NO_ROLE,
    log_in_staff,
)


@dataclass(frozen=True)
class Outcome:
    statuses: tuple[int, ...]
    logged: str | None = None  # the policy's event for a refusal
    rows: int = 0  # staff rows the request writes in the person's access log
    login: str | None = None  # the login a redirect must lead to
    then: Outcome | None = None  # what the page a 303 leads to must answer


PAGE = Outcome((200,))
OPENED = Outcome((200,), rows=1)  # a person's case or plan shown: in their access log
ASKED = Outcome((200,))  # a KE officer is asked for a reason first: nothing of the plan shown yet
DONE = Outcome((303,), rows=1)  # a case changed: in the person's access log
SAVED = Outcome((303,))  # a role granted or revoked: no person's data
REASON_KEPT = Outcome((303,), then=OPENED)  # the plan opens with the reason, logged
INVALID = Outcome(
    (422,), logged="policy.object_refused"
)  # a municipality the form does not offer: told at the field, nothing done, logged
# A coordinator the form does not offer: told at the field, nothing done, the refusal logged; the
# case is shown again with the message, so the look is in the person's access log as any look is.
REFUSED_AT_THE_FIELD = Outcome((422,), logged="policy.object_refused", rows=1)
FORBIDDEN = Outcome((403,), logged="policy.refused")  # a capability no role of theirs gives
NOT_FOUND = Outcome((404,), logged="policy.object_refused")  # another municipality's, not their plan
STAFF_LOGIN = Outcome((302, 303), login=STAFF_PREFIX + "/logg-inn")
CITIZEN_LOGIN = Outcome((302, 303), login="/logg-inn")

# The staff provider's own endpoints: public by declaration, tested in test_staff_login.py.
PROTOCOL = {f"staff_auth.{name}" for name in ("login_start", "callback", "logout", "logged_out", "frontchannel_logout")}
# The staff side's language choice: public as the citizens' /sprak is, same-origin only, no one's
# data (tests/staff/test_staff_language.py).
PROTOCOL |= {"staff.choose_language"}
# Routes with an object: (Askøy's, Luster's) outcome. A case, a plan (Kari's in Askøy, which Line
# coordinates; Ola's in Luster, Ingrid's), a role row, or the municipality a role is granted in.
OBJECT_ROUTES = {*CASE_ROUTES, "staff_plans.plan", "staff_plans.give_reason", "staff_roles.grant", "staff_roles.revoke"}

CITIZEN, ANONYMOUS = "citizen:kari", "anonymous"
GO_ON = Outcome((303,))  # "go on" before the session ends: any staff member, nothing of anyone's
NOBODY_ON_STAFF_SIDE = {
    "staff.home": STAFF_LOGIN,
    "staff_auth.extend_session": STAFF_LOGIN,
    "staff_caseload.caseload": STAFF_LOGIN,
    "staff_desk.desk": STAFF_LOGIN,
    "staff_failed_notices.failed_notices": STAFF_LOGIN,
    "staff_roles.roles": STAFF_LOGIN,
    **{endpoint: (STAFF_LOGIN, STAFF_LOGIN) for endpoint in OBJECT_ROUTES},
}
A_COORDINATOR = {
    "staff.home": PAGE,
    "staff_auth.extend_session": GO_ON,
    "staff_caseload.caseload": PAGE,
    "staff_desk.desk": FORBIDDEN,
    "staff_failed_notices.failed_notices": FORBIDDEN,
    "staff_roles.roles": FORBIDDEN,
    "staff_roles.grant": (FORBIDDEN, FORBIDDEN),
    "staff_roles.revoke": (FORBIDDEN, FORBIDDEN),
    **{endpoint: (FORBIDDEN, FORBIDDEN) for endpoint in CASE_ROUTES},
    "staff_plans.give_reason": (FORBIDDEN, FORBIDDEN),  # only a KE officer opens a plan by reason
}


def _officer(askoy: bool) -> dict:
    def mine(here: Outcome, there: Outcome) -> tuple[Outcome, Outcome]:
        """(Askøy's, Luster's) for an officer whose municipality gets `here`, the other `there`."""
        return (here, there) if askoy else (there, here)

    return {
        "staff.home": PAGE,
        "staff_auth.extend_session": GO_ON,
        "staff_caseload.caseload": FORBIDDEN,  # a caseload is a coordinator's
        "staff_desk.desk": PAGE,
        "staff_failed_notices.failed_notices": PAGE,
        "staff_roles.roles": PAGE,
        "staff_roles.grant": mine(SAVED, INVALID),
        "staff_roles.revoke": mine(SAVED, NOT_FOUND),
        "staff_desk.case": mine(OPENED, NOT_FOUND),
        **{endpoint: mine(DONE, NOT_FOUND) for endpoint in CASE_ROUTES[1:]},
        "staff_plans.plan": mine(ASKED, NOT_FOUND),
        "staff_plans.give_reason": mine(REASON_KEPT, NOT_FOUND),
    }


TABLE: dict[str, dict] = {
    ASKOY_OFFICER: _officer(askoy=True),
    LUSTER_OFFICER: _officer(askoy=False),
    ASKOY_COORDINATOR: {**A_COORDINATOR, "staff_plans.plan": (OPENED, NOT_FOUND)},
    ASKOY_OTHER_COORDINATOR: {**A_COORDINATOR, "staff_plans.plan": (NOT_FOUND, NOT_FOUND)},
    LUSTER_COORDINATOR: {**A_COORDINATOR, "staff_plans.plan": (NOT_FOUND, OPENED)},
    NO_ROLE: {
        "staff.home": PAGE,
        "staff_auth.extend_session": GO_ON,
        **{
            endpoint: FORBIDDEN
            for endpoint in (
                "staff_caseload.caseload",
                "staff_desk.desk",
                "staff_failed_notices.failed_notices",
                "staff_roles.roles",
            )
        },
        **{endpoint: (FORBIDDEN, FORBIDDEN) for endpoint in OBJECT_ROUTES},
    },
    CITIZEN: NOBODY_ON_STAFF_SIDE,
    ANONYMOUS: NOBODY_ON_STAFF_SIDE,
}
STAFF_ACTORS = [actor for actor in TABLE if actor not in (CITIZEN, ANONYMOUS)]
CITIZEN_PAGES = [*LOGGED_IN_PAGES, ("account.my_page", {})]
REFUSAL_EVENTS = {"policy.refused", "policy.object_refused"}


def is_plan_work(rule) -> bool:
    """The coordinator's work on one plan (/ansatt/planer/<plan_id>/…, but the reason form):
    walked by tests/staff/test_plan_work_access.py, every such route, actor by actor."""
    return rule.rule.startswith(STAFF_PREFIX + "/planer/<int:plan_id>/") and rule.endpoint != "staff_plans.give_reason"


def _staff_routes(app) -> dict[str, str]:
    """Every route under the staff prefix but the provider's: endpoint -> its one method."""
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(STAFF_PREFIX) and rule.endpoint not in PROTOCOL and not is_plan_work(rule):
            [method] = rule.methods - {"HEAD", "OPTIONS"}
            routes[rule.endpoint] = method
    return routes


def test_every_staff_route_has_an_outcome_for_every_actor(app):
    routes = _staff_routes(app)
    for endpoint in PROTOCOL:
        assert declared_capability(app.view_functions[endpoint]) == Capability.PUBLIC, endpoint
    for rule in app.url_map.iter_rules():
        if rule.endpoint in routes:
            assert (rule.endpoint in OBJECT_ROUTES) == bool(rule.arguments) or rule.endpoint == "staff_roles.grant"
    for actor, row in TABLE.items():
        assert set(row) == set(routes), f"{actor}: no outcome for {set(routes) - set(row)}"
        for endpoint, outcome in row.items():
            assert isinstance(outcome, tuple) == (endpoint in OBJECT_ROUTES), (actor, endpoint)


@pytest.fixture
def world(app):
    return World(app)


def _staff_rows(app) -> list[tuple[int, int]]:
    with app.app_context():
        s = db.db_session()
        s.expire_all()
        return list(
            s.execute(
                select(AuditEvent.subject_id, AuditEvent.staff_member_id)
                .where(AuditEvent.staff_member_id.is_not(None))
                .order_by(AuditEvent.id)
            ).all()
        )


def _check(app, response, outcome: Outcome, caplog, before: int, person: int | None, member: int | None, where):
    assert response.status_code in outcome.statuses, (where, response.status_code)
    events = [getattr(record, "event", None) for record in caplog.records]
    if outcome.login:  # sent to log in on its own side, and said so in the log
        assert urlsplit(response.headers["Location"]).path == outcome.login, where
        assert {"login.required", "staff.login_required"} & set(events), (where, events)
        requests = [r for r in caplog.records if getattr(r, "event", None) == "http.request"]
        assert [r.status for r in requests] == [response.status_code], where
    if outcome.logged:
        refusals = [r for r in caplog.records if getattr(r, "event", None) == outcome.logged]
        assert refusals, (where, "refused without a log line")
        assert all(getattr(r, "staff_member_id", member) == member for r in refusals), where
    else:
        assert not REFUSAL_EVENTS & set(events), (where, events)
    new = _staff_rows(app)[before:]
    assert len(new) == outcome.rows, (where, new)
    assert all(row == (person, member) for row in new), (where, new, person, member)


@pytest.mark.parametrize("actor", list(TABLE))
def test_the_table(app, client, world, caplog, actor):
    caplog.set_level(logging.INFO)
    member = None
    if actor == CITIZEN:
        log_in_test_client(app, client, KARI)
        assert client.client.get("/min-side").status_code == 200  # her session holds: the refusals are the wall
    elif actor != ANONYMOUS:
        member = log_in_staff(app, client, actor)
    token = client.csrf_token(STAFF_PREFIX + "/")
    routes = _staff_routes(app)
    for endpoint, expected in TABLE[actor].items():
        cells = zip(PLACES, expected, strict=True) if isinstance(expected, tuple) else [(None, expected)]
        for place, outcome in cells:
            url, data, person = world.request(endpoint, place)
            caplog.clear()
            before = len(_staff_rows(app))
            if routes[endpoint] == "GET":
                response = client.client.get(url)
            else:
                response = client.client.post(url, data={"csrf_token": token, **data})
            where = (actor, endpoint, place, url)
            _check(app, response, outcome, caplog, before, person, member, where)
            if response.status_code == 303:
                world.changed(endpoint, place)
            if outcome.then:
                caplog.clear()
                before = len(_staff_rows(app))
                follow = client.client.get(response.headers["Location"])
                _check(app, follow, outcome.then, caplog, before, person, member, (*where, "then"))


@pytest.mark.parametrize("actor", STAFF_ACTORS)
def test_a_staff_session_never_opens_a_citizens_page(app, client, world, caplog, actor):
    caplog.set_level(logging.INFO)
    log_in_staff(app, client, actor)
    assert client.client.get(STAFF_PREFIX + "/").status_code == 200  # the staff session holds
    before = len(_staff_rows(app))
    for endpoint, values in CITIZEN_PAGES:
        caplog.clear()
        url = client.url(endpoint, **values)
        response = client.client.get(url)
        _check(app, response, CITIZEN_LOGIN, caplog, before, None, None, (actor, url))
        assert "login.required" in [getattr(r, "event", None) for r in caplog.records], url


def test_a_coordinator_of_another_municipality_cannot_be_appointed(app, client, world, caplog):
    """A forged id inside a form: Luster's coordinator on an Askøy case is refused at the field."""
    officer = log_in_staff(app, client, ASKOY_OFFICER)
    url, data, person = world.request("staff_desk.appoint", "askoy")
    data["coordinator_id"] = str(world.coordinators["luster"])
    before = len(_staff_rows(app))
    response = client.client.post(url, data={"csrf_token": client.csrf_token(url), **data})
    _check(app, response, REFUSED_AT_THE_FIELD, caplog, before, person, officer, url)
    assert case_row(app, world.cases["askoy"]).coordinator_id is None
