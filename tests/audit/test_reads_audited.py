"""Every page that shows a person's data to someone else leaves exactly one row in that person's
access log per visit, written by the lookups that fetched the data; the person's own visits none.

The pages come from the URL map: a GET route that is in none of the lists below fails, so a new
page is sorted into one before it ships."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import db
from app.domain.clock import today
from app.models import AuditEvent, Case, Goal, Meeting, Person, Plan, SharingConsent
from app.models.base import utcnow
from app.services import consents
from tests.auth.sessions import act_for, log_in_test_client
from tests.people import EMMA, NILS, OLA, PER, RANDI, SARA
from tests.staff.cases import send_case
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, log_in_staff
from tests.wizard.helpers import fill_in, send

SHOWS_PERSON_DATA = {
    "plan.show",
    "plan.print_view",
    "plan.goal",
    "plan.edit_goal",
    "plan.topic_form",
    "plan.history",
    "week.show",
    "messages.conversation",
    "consent.overview",
    "consent.history",
    "consent.receipt",
    "consent.receipt_json",
    "consent.plan_consent",
    "consent.plan_consent_withdraw_confirm",
    "consent.give",
    "consent.change",
    "consent.withdraw_confirm",
    "wizard.start",
    "wizard.important",
    "wizard.areas",
    "wizard.goal",
    "wizard.area_help",
    "wizard.participants",
    "wizard.check",
    "wizard.sent",
    # What matters now, for the person acted for: the next visit, a consent ending soon.
    "home.index",
    "account.my_page",
}
# Shows a request for a plan, which only someone without a plan has (tested on its own below).
SHOWS_PERSON_DATA_WITHOUT_A_PLAN = {"account.plan_request_sent"}
# A person's cases with the municipality: shown to a representative only when there is one, and
# recorded per case then (tests/account/test_cases.py: Randi reads Ola's case, one row).
# A version of the plan, which only a revised plan has (tested in tests/staff/test_revisions.py).
SHOWS_PERSON_DATA_OF_A_REVISION = {"plan.version"}
SHOWS_PERSON_DATA_IN_A_CASE = {"account.cases", "account.case", "account.complaint_sent"}
SHOWS_NONE = {
    "static",
    "info.contacts",
    "info.contact",
    "info.topics",
    "info.topic",
    "info.glossary",
    "info.privacy",
    "info.accessibility",
    "auth.login",
    "auth.callback",
    "auth.logged_out",
    "auth.frontchannel_logout",
    "account.plan_request",  # the form: the name of the person acted for
    "account.plan_request_review",  # what the actor typed, not yet sent
    "account.complaint",  # the form, and the municipality's contact
    "account.complaint_review",  # what the actor typed, not yet sent
    "auth.send_kept_form",  # what the actor typed before the session ended, sent again
    "representation.choose",  # the logged-in person's own representations
    "representation.power_of_attorney_list",
    "representation.power_of_attorney_new",  # one's own fullmakter
    "calendar_feed.settings",  # the owner's own only: a representative is refused
    "calendar_feed.feed",  # read by the owner's phone with the owner's token, no actor
    "preferences.notice_settings",  # the logged-in person's own choices, never the person acted for's
    "devpost.mailbox",  # outside production only: the stand-ins' mail, synthetic addresses and no health data
}
# The staff side: what a staff member opens of one person is recorded in that person's log
# (tests below and in tests/staff/); the working lists of one's own municipality's cases and of
# one's own plans show names and what came in, and are not recorded, or every look at the desk
# would write a row into every person's log; the staff member's own home and roles page hold none.
STAFF_RECORDED = {"staff_desk.case", "staff_plans.plan", "staff_proposals.proposals"}
STAFF_RECORDED |= {"staff_meetings.meetings_page", "staff_meetings.minutes"}
STAFF_RECORDED |= {"staff_meeting_moves.move_form"}
STAFF_RECORDED |= {"staff_revisions.revision"}
STAFF_RECORDED |= {"staff_visits.upcoming"}
STAFF_RECORDED |= {"staff_messages.conversation"}
STAFF_RECORDED |= {f"staff_plan_editor.{page}" for page in ("overview", "new_goal", "goal", "new_participant")}
STAFF_RECORDED |= {f"staff_plan_editor.{page}" for page in ("participant", "new_measure", "measure")}
STAFF_RECORDED |= {"staff_plan_editor.period", "staff_plan_editor.consent"}
STAFF_WORKING_LISTS = {"staff_desk.desk", "staff_caseload.caseload", "staff_failed_notices.failed_notices"}
SHOWS_NONE |= {
    "staff.home",
    "staff_roles.roles",
    "staff_auth.login_start",
    "staff_auth.callback",
    "staff_auth.logged_out",
    "staff_auth.frontchannel_logout",
}
# The FHIR API: a municipal system's every read and search result is recorded in the person's
# log (tests/api/); the CapabilityStatement shows no one.
API_RECORDED = {
    f"api.{kind}_{how}"
    for kind in ("patient", "careplan", "goal", "servicerequest", "appointment", "careteam", "consent", "auditevent")
    # A vread answers through the read, recorded as it is (tests/api/test_vread.py).
    for how in ("read", "search", "vread")
}
SHOWS_NONE |= {"api.metadata"}
# The probes and the metrics: states and counts, never a person.
SHOWS_NONE |= {"health.alive", "health.ready", "metrics.metrics"}
# Shows data about the person but is not recorded: it is the access log itself, and a row for
# every look at it would bury what the person looks there to find.
NOT_RECORDED = {"representation.access_log"}
# The person's copy: every download is recorded, the person's own too (tests/account/test_data_copy.py);
# the page that explains it shows only the name of the person acted for.
RECORDED_EVEN_FOR_THE_PERSON = {"account.data_copy_print", "account.data_copy_json"}
SHOWS_NONE |= {"account.data_copy"}
SENT_PAGE = "wizard.sent"  # shows a submission: visited after the representative has sent one
AREA = "health"
REPRESENTATIVES = [(RANDI, OLA), (NILS, SARA), (PER, EMMA)]
# Under 16 the parents manage consents; under 12 the plan is in the parents' hands.
MANAGING_CONSENTS = {
    "consent.give",
    "consent.change",
    "consent.withdraw_confirm",
    "consent.plan_consent_withdraw_confirm",
}
REFUSED_TO_THE_PERSON = {OLA: set(), SARA: MANAGING_CONSENTS, EMMA: MANAGING_CONSENTS}


def test_every_get_route_is_sorted(app):
    gets = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    lists = (
        SHOWS_PERSON_DATA,
        SHOWS_PERSON_DATA_WITHOUT_A_PLAN,
        SHOWS_PERSON_DATA_IN_A_CASE,
        SHOWS_PERSON_DATA_OF_A_REVISION,
        SHOWS_NONE,
        NOT_RECORDED,
        RECORDED_EVEN_FOR_THE_PERSON,
        STAFF_RECORDED,
        STAFF_WORKING_LISTS,
        API_RECORDED,
    )
    assert gets - set().union(*lists) == set(), "a GET route in none of the lists"
    assert set().union(*lists) - gets == set(), "a listed route that no longer exists"
    assert sum(len(listed) for listed in lists) == len(set().union(*lists)), "a route in two lists"


def _ids(app, subject_pid: str, holder_pid: str) -> dict:
    """Path values from the subject's own data: a goal the representative may see, a coming
    meeting, a service with a consent in force and one without."""
    with app.app_context():
        s = db.db_session()
        subject = s.scalar(select(Person).where(Person.pid == subject_pid))
        plan = s.scalar(select(Plan).where(Plan.owner_id == subject.id))
        goal_id = s.scalar(
            select(Goal.id)
            .where(Goal.plan_id == plan.id, Goal.private_from_parents.is_(False))
            .order_by(Goal.position)
            .limit(1)
        )
        meeting_id = s.scalar(
            select(Meeting.id)
            .where(Meeting.plan_id == plan.id, Meeting.ends_at > utcnow())
            .order_by(Meeting.starts_at)
            .limit(1)
        )
        given = consents.sharing_consents(s, plan)
        # Only the services the representative may see: a parent of a 12–15-year-old is not shown
        # one that serves only what she keeps private.
        services = [
            p for p in consents.recipients(plan) if not (p.goals and all(goal.private_from_parents for goal in p.goals))
        ]
        with_consent = [p.id for p in services if consents.state(given.get(p.id), today()) == "active"]
        without = [p.id for p in services if consents.state(given.get(p.id), today()) in ("none", "withdrawn")]
        if not without and len(with_consent) > 1:  # every service has one: withdrawn here, put back after the test
            given[with_consent[-1]].status = consents.WITHDRAWN
            s.commit()
            without = [with_consent.pop()]
        if not with_consent and len(without) > 1:  # none in force: one given here, put back after the test
            chosen = without.pop()
            consent = given.get(chosen) or SharingConsent(plan_id=plan.id, participant_id=chosen)
            consent.status, consent.areas, consent.purpose = consents.GIVEN, ["health"], "Samarbeid."
            consent.valid_from, consent.changed_by_id, consent.basis = today(), subject.id, "self"
            s.add(consent)
            s.commit()
            with_consent = [chosen]
    assert goal_id and meeting_id and with_consent and without, f"the demo data of {subject_pid} lacks a page's data"
    return {
        "subject_id": subject.id,
        "goal_id": goal_id,
        "meeting_id": meeting_id,
        "given": with_consent[0],
        "not_given": without[0],
    }


def _urls(client, ids: dict) -> dict[str, str]:
    participant = {
        "consent.give": ids["not_given"],
        "consent.change": ids["given"],
        "consent.withdraw_confirm": ids["given"],
    }
    urls = {}
    for endpoint in SHOWS_PERSON_DATA:
        values = {
            "plan.goal": {"goal_id": ids["goal_id"]},
            "plan.edit_goal": {"goal_id": ids["goal_id"]},
            "plan.topic_form": {"meeting_id": ids["meeting_id"]},
            "wizard.goal": {"area": AREA},
            "wizard.area_help": {"area": AREA},
        }.get(endpoint, {})
        if endpoint in participant:
            values = {"participant_id": participant[endpoint]}
        urls[endpoint] = client.url(endpoint, **values)
    return urls


def _rows(app, subject_id: int) -> int:
    with app.app_context(), db.new_session() as s:
        return s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.subject_id == subject_id))


def _visits(app, client, urls: dict[str, str], subject_id: int) -> dict[str, tuple[int, int]]:
    """(status, rows added to the subject's log) for each page."""
    seen = {}
    for endpoint, url in sorted(urls.items()):
        before = _rows(app, subject_id)
        status = client.get(url).status_code
        seen[endpoint] = (status, _rows(app, subject_id) - before)
    return seen


@pytest.mark.parametrize(("holder", "subject"), REPRESENTATIVES)
def test_each_page_a_representative_is_shown_is_one_row_in_the_log(app, client, holder, subject):
    ids = _ids(app, subject, holder)
    act_for(app, client, holder, subject)
    fill_in(client, {AREA: "Gå en tur hver dag."})  # a draft to show on every step
    urls = _urls(client, ids)
    sent_page = urls.pop(SENT_PAGE)
    assert _visits(app, client, urls, ids["subject_id"]) == {endpoint: (200, 1) for endpoint in urls}
    assert send(client).status_code == 303
    assert _visits(app, client, {SENT_PAGE: sent_page}, ids["subject_id"]) == {SENT_PAGE: (200, 1)}


@pytest.mark.parametrize(("holder", "subject"), REPRESENTATIVES)
def test_the_persons_own_visits_are_no_rows(app, client, holder, subject):
    ids = _ids(app, subject, holder)
    log_in_test_client(app, client, subject)
    fill_in(client, {AREA: "Gå en tur hver dag."})
    assert send(client).status_code == 303
    fill_in(client, {AREA: "Gå en tur hver dag."})
    urls = _urls(client, ids)
    seen = _visits(app, client, urls, ids["subject_id"])
    assert {endpoint: rows for endpoint, (_, rows) in seen.items()} == {endpoint: 0 for endpoint in urls}
    refused = REFUSED_TO_THE_PERSON[subject]
    assert {endpoint: status for endpoint, (status, _) in seen.items()} == {
        endpoint: 403 if endpoint in refused else 200 for endpoint in urls
    }


def test_a_page_that_loads_several_things_is_one_row(app, client):
    """The plan page loads the plan, its measures and its next meeting; the wizard's start page the
    draft and what was sent; the consent page the plan and each consent."""
    ids = _ids(app, OLA, RANDI)
    act_for(app, client, RANDI, OLA)
    fill_in(client, {AREA: "Gå en tur hver dag."})
    assert send(client).status_code == 303
    urls = {e: client.url(e) for e in ("plan.show", "wizard.start", "consent.overview")}
    assert _visits(app, client, urls, ids["subject_id"]) == {e: (200, 1) for e in urls}
    client.client.delete_cookie("minplan_session")
    log_in_test_client(app, client, OLA, locale="nb", easy_read=False)
    log = client.get("/tilgangslogg").get_data(as_text=True)
    assert "Randi Berg, verge, så svarene i «Hva er viktig for deg?»" in log
    assert "Randi Berg, verge, så planen" in log
    assert "Randi Berg, verge, så samtykkene" in log


def test_a_request_for_a_plan_shown_to_a_representative_is_one_row(app, client):
    from app.domain.identity_numbers import parse
    from app.services import power_of_attorney
    from app.services.people import find_by_pid
    from tests.people import ARNE

    with app.app_context(), db.new_session() as s:
        power_of_attorney.grant(s, find_by_pid(s, ARNE), parse(NILS), "Nils Lund", ["contribute"], None, today())
        arne = find_by_pid(s, ARNE).id
    log_in_test_client(app, client, ARNE)
    token = client.csrf_token()
    assert client.post("/be-om-plan/send", {"contact_by": "letter", "csrf_token": token}).status_code == 303
    urls = {endpoint: client.url(endpoint) for endpoint in SHOWS_PERSON_DATA_WITHOUT_A_PLAN | {"account.my_page"}}
    assert _visits(app, client, urls, arne) == {endpoint: (200, 0) for endpoint in urls}
    act_for(app, client, NILS, ARNE)
    assert _visits(app, client, urls, arne) == {endpoint: (200, 1) for endpoint in urls}


def test_each_staff_visit_to_a_persons_case_or_plan_is_one_row_in_their_log(app, client):
    case_id = send_case(app)
    with app.app_context():
        session = db.db_session()
        person_id = session.get(Case, case_id).person_id
        kari = session.scalar(select(Person).where(Person.name == "Kari Nordmann"))
        plan_id = session.scalar(select(Plan.id).where(Plan.owner_id == kari.id))

    def rows(subject_id: int) -> int:
        with app.app_context():
            return db.db_session().scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.subject_id == subject_id)
            )

    log_in_staff(app, client, ASKOY_OFFICER)
    before = rows(person_id)
    assert client.get_page("staff_desk.case", case_id=case_id).status_code == 200
    assert rows(person_id) == before + 1
    client.get_page("staff_desk.desk")
    assert rows(person_id) == before + 1  # the working list is not a look at the person

    log_in_staff(app, client, ASKOY_COORDINATOR)
    before = rows(kari.id)
    assert client.get_page("staff_plans.plan", plan_id=plan_id).status_code == 200
    assert rows(kari.id) == before + 1
