"""The objects of each municipality the access table (test_access_table.py) asks the staff routes
about: a case, a plan, a role row, the municipality a role is granted in; and the staff made for it
(an officer in Luster, where the demo has none, and a spare coordinator whose roles are revoked)."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from sqlalchemy import select

from app import db
from app.demo.staff import demo_issuer, demo_subject
from app.domain import clock
from app.domain.staff_access import Role
from app.models import Case, Municipality, Person, Plan, StaffMember
from app.services.staff import grant_role
from tests.people import KARI, OLA
from tests.staff.cases import send_case
from tests.staff.sessions import ASKOY_COORDINATOR, LUSTER_COORDINATOR, staff_member_id

PLACES = ("askoy", "luster")
LUSTER_OFFICER = "test.luster.officer"
SPARE = "test.spare.coordinator"
CASE_ROUTES = ("staff_desk.case", "staff_desk.take", "staff_desk.interim_answer", "staff_desk.appoint")
CASE_ROUTES += ("staff_desk.decide", "staff_desk.close")


class World:
    """The objects of each municipality the table's routes are asked about, and the person each
    one belongs to. A case that a request changed is replaced by a fresh one for the next."""

    def __init__(self, app):
        self.app = app
        self.cases: dict[str, int] = {}
        with app.app_context():
            s = db.db_session()
            self.places = {p: s.scalar(select(Municipality.id).where(Municipality.slug == p)) for p in PLACES}
            self.plans = {p: _plan_of(s, pid) for p, pid in zip(PLACES, (KARI, OLA), strict=True)}
            officer, spare = (_member(s, username) for username in (LUSTER_OFFICER, SPARE))
            grant_role(s, None, officer, self.places["luster"], Role.KE_OFFICER)
            self.roles = {p: grant_role(s, None, spare, self.places[p], Role.COORDINATOR).id for p in PLACES}
        self.coordinators = {
            "askoy": staff_member_id(app, ASKOY_COORDINATOR),
            "luster": staff_member_id(app, LUSTER_COORDINATOR),
        }

    def case(self, place: str) -> int:
        if place not in self.cases:
            self.cases[place] = send_case(self.app, place)
        return self.cases[place]

    def request(self, endpoint: str, place: str | None) -> tuple[str, dict, int | None]:
        """The URL, the form beside the CSRF token, and whose access log it may write to."""
        values, data, person = {}, {}, None
        if endpoint in CASE_ROUTES:
            values["case_id"] = self.case(place)
            with self.app.app_context():
                case = db.db_session().get(Case, values["case_id"])
                data["version"], person = str(case.version), case.person_id
            data.update(
                {
                    "staff_desk.interim_answer": {
                        "text": "Vi venter på svar fra fastlegen.",
                        "expected_by": (clock.today() + timedelta(days=14)).isoformat(),
                    },
                    "staff_desk.appoint": {"coordinator_id": str(self.coordinators[place])},
                    "staff_desk.decide": {"decision": "declined", "reason": "Du får allerede hjelp fra NAV."},
                }.get(endpoint, {})
            )
        elif endpoint.startswith("staff_plans."):
            values["plan_id"], person = self.plans[place]
            data["reason"] = "Personen har klaget, og jeg må se tiltakene."
        elif endpoint == "staff_roles.revoke":
            values["role_id"] = self.roles[place]
        elif endpoint == "staff_roles.grant":
            data = {"email": "eirik.dahl@askoy.kommune.test", "role": "coordinator"}
            data["municipality"] = str(self.places[place])
        with self.app.test_request_context():
            return url_for(endpoint, **values), data, person

    def changed(self, endpoint: str, place: str | None) -> None:
        if endpoint in CASE_ROUTES:
            self.cases.pop(place, None)


def _plan_of(s, pid: str) -> tuple[int, int]:
    return s.execute(
        select(Plan.id, Plan.owner_id).join(Person, Plan.owner_id == Person.id).where(Person.pid == pid)
    ).one()


def _member(s, username: str) -> int:
    member = StaffMember(
        issuer=demo_issuer(), subject=demo_subject(username), name=f"Test {username}", email=f"{username}@test.invalid"
    )
    s.add(member)
    s.commit()
    return member.id
