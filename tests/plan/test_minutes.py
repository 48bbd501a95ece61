"""The minutes of a koordineringsmøte reach the person (issue 15, item 5): what was decided, who does
what by when, and in easy-read the coordinator's short summary first, in Bokmål and Nynorsk; minutes
kept from the parents of a 12–15-year-old never reach them."""

from __future__ import annotations

from sqlalchemy import select

from app import db
from app.domain.staff_access import StaffActor, StaffForPerson
from app.models import Meeting, Person, StaffMember
from app.services import meetings
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import KARI, NILS, SARA
from tests.staff.sessions import ASKOY_COORDINATOR, log_in_staff, staff_member_id
from tests.staff.test_meetings import past_meeting, plan_id_of, write

SUMMARY = "Du fortsetter å trene hver mandag.\nDu får ny buss-kort."
DECISIONS = "Kari fortsetter med trening hos fysioterapeut hver mandag."


def test_minutes_reach_the_person_in_bokmaal_and_nynorsk_easy_read(app, client):
    plan_id = plan_id_of(app, KARI)
    meeting_id = past_meeting(app, plan_id, hours_ago=1)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    response = write(client, plan_id, meeting_id, decisions=DECISIONS, easy_summary=SUMMARY)
    assert response.status_code == 303
    for locale in ("nb", "nn"):
        log_in_test_client(app, client, KARI, locale=locale, easy_read=True)
        page = client.get("/plan").get_data(as_text=True)
        assert "Du fortsetter å trene hver mandag." in page and DECISIONS in page
        assert page.index("Du får ny buss-kort.") < page.index(DECISIONS)  # the summary first
        assert "Fysioterapeut" in page and "Sende program" in page
    log_in_test_client(app, client, KARI, locale="nb", easy_read=False)
    page = client.get("/plan").get_data(as_text=True)
    assert "Referat fra siste koordineringsmøte" in page
    assert page.index(DECISIONS) < page.index("Du får ny buss-kort.")


def _private_minutes_for_sara(app, marker: str) -> None:
    """Minutes kept from the parents, written through the use case by a coordinator."""
    with app.app_context():
        s = db.db_session()
        sara = s.scalar(select(Person).where(Person.pid == SARA))
        meeting = s.get(Meeting, past_meeting(app, sara.plan.id))
        member = s.get(StaffMember, staff_member_id(app, ASKOY_COORDINATOR))
        actor = StaffForPerson(StaffActor(member, frozenset()), sara)
        meetings.write_minutes(s, actor, meeting, None, marker, [], marker, True)


def test_minutes_kept_from_the_parents_never_reach_nils_but_reach_sara(app, client):
    marker = "Hemmelig referat om helsesykepleieren"
    _private_minutes_for_sara(app, marker)
    act_for(app, client, NILS, SARA)
    for path in ("/plan", "/plan/utskrift", "/plan/denne-uka"):
        assert marker not in client.get(path).get_data(as_text=True), path
    log_in_test_client(app, client, SARA)
    assert marker in client.get("/plan").get_data(as_text=True)
