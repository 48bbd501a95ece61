"""Every staff page in a real browser: axe finds nothing, it reflows at 320 px without sideways
scrolling, and a keyboard reaches every control with its focus ring showing. The desk with its
filters (and a filter it never offered), a case in each state and with a refused and a stale form,
the roles page with a refused form, the notices that did not reach people, the plan's reason form
refused and then the plan, a coordinator's caseload and plan and a meeting moved (refused, then
moved meanwhile), the conversation as the coordinator and as the KE (from an open case), a staff
member with no role, and a password-only login refused."""

from __future__ import annotations

from datetime import timedelta
from pprint import pformat

from sqlalchemy import select

from app import db
from app.domain.staff_access import StaffForPerson
from app.models import Meeting, NoticeDelivery, OutboxEvent, Person, Plan
from app.services import case_handling, meetings
from app.services import staff as staff_service
from tests.browser.conftest import run_axe, screenshot
from tests.browser.test_case_journey import settled, staff_logs_in
from tests.messages.helpers import open_complaint
from tests.staff.cases import send_case
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, ASKOY_OTHER_COORDINATOR, NO_ROLE, staff_member_id

KARI = "12838502510"

# Every control a keyboard should reach, once per radio group (Tab stops at one radio of a group),
# leaving out what is not rendered (the closed menu's contents); each with its look at rest, so a
# focus ring is a change in outline or shadow, not a border it always has. Designsystemet rings a
# checkbox's or radio's whole field, not the box itself.
CONTROLS = """() => {
  document.activeElement && document.activeElement.blur();
  const all = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(e => !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .filter(e => { const closed = e.closest('details:not([open])'); return !closed || e.parentElement === closed; });
  const look = el => { const s = getComputedStyle(el); return s.outlineStyle + s.outlineWidth + s.boxShadow; };
  all.forEach((e, i) => {
    e.dataset.kb = e.type === 'radio' ? 'radio:' + e.name : String(i);
    e.dataset.rest = look(e) + '|' + (e.closest('.ds-field') ? look(e.closest('.ds-field')) : '');
  });
  return [...new Set(all.map(e => e.dataset.kb))];
}"""
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const look = el => { const s = getComputedStyle(el); return s.outlineStyle + s.outlineWidth + s.boxShadow; };
  const now = look(e) + '|' + (e.closest('.ds-field') ? look(e.closest('.ds-field')) : '');
  return {key: e.dataset.kb || null, ring: now !== e.dataset.rest,
          what: e.tagName + ' ' + (e.textContent || e.name || '').trim().slice(0, 40)};
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
WIDER = """() => [...document.querySelectorAll('#app *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !e.closest('details:not([open]), .table-scroll'))
  .map(e => e.tagName + '.' + e.className).slice(0, 5)"""


def examine(page, axe_source: str, name: str, failures: dict) -> None:
    """axe, a Tab walk through the whole page with the focus ring checked at each stop, and the
    page at 320 px; whatever is wrong goes into `failures` under the page's name."""
    page.wait_for_selector("main[data-page-title]")
    problems = []
    if violations := run_axe(page, axe_source):
        problems.append(("axe", violations))
    expected = set(page.evaluate(CONTROLS))
    page.locator(".ds-skip-link").focus()  # the walk starts at the top, wherever a script put focus
    reached, walk = set(), []
    for step in range(len(expected) + 5):
        if step:
            page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (walk and focused["what"] == walk[0]):  # round the page and back
            break
        walk.append(focused["what"])
        reached.add(focused["key"])
        if not focused["ring"]:
            problems.append(("no focus ring", focused["what"]))
    if missed := expected - reached:
        problems.append(("not reached by Tab", sorted(missed)[:5], walk[:8]))
    page.set_viewport_size({"width": 320, "height": 800})
    if (overflow := page.evaluate(OVERFLOW)) > 0:
        problems.append(("scrolls sideways at 320 px", overflow, page.evaluate(WIDER)))
    if violations := run_axe(page, axe_source):  # a table that scrolls in its box must be reachable
        problems.append(("axe at 320 px", violations))
    screenshot(page, f"staff-320-{name}")
    page.set_viewport_size({"width": 1280, "height": 900})
    if problems:
        failures[name] = problems


def _officer_handles(app, case_id: int, *steps: str) -> None:
    """Hilde takes a case through `steps` with the use cases, as if in another window."""
    with app.app_context():
        session = db.db_session()
        officer = staff_service.actor_for(session, staff_member_id(app, ASKOY_OFFICER))
        case = case_handling.take(session, officer, case_id, 1)
        for step in steps:
            if step == "appoint":
                mona = staff_member_id(app, ASKOY_OTHER_COORDINATOR)
                case = case_handling.appoint_coordinator(session, officer, case_id, case.version, mona)
            elif step == "grant":
                case = case_handling.decide(session, officer, case_id, case.version, "granted", None)
            elif step == "close":
                case = case_handling.close(session, officer, case_id, case.version)


def _karis_plan(app) -> int:
    with app.app_context():
        session = db.db_session()
        return session.scalar(select(Plan.id).join(Person, Plan.owner_id == Person.id).where(Person.pid == KARI))


def _notices_not_reaching_kari(app) -> None:
    """An e-mail to Kari given up on, and one to Nils (for her) never sent: he has no details."""
    with app.app_context():
        session = db.db_session()
        kari, nils = (session.scalar(select(Person).where(Person.pid == pid)) for pid in (KARI, "11917539245"))
        outbox = OutboxEvent(name="meeting.moved", source="reminder", subject_id=kari.id)
        session.add(outbox)
        session.flush()
        for person, status, channel in ((kari, "failed", "email"), (nils, "unreachable", "none")):
            session.add(
                NoticeDelivery(
                    outbox_id=outbox.id,
                    recipient=f"person:{person.id}",
                    person_id=person.id,
                    channel=channel,
                    topic="meetings",
                    locale="nb",
                    status=status,
                    attempts=6 if status == "failed" else 0,
                    for_someone=person is nils,
                    last_error="no_contact_details" if person is nils else "timeout",
                )
            )
        session.commit()


def test_the_officers_pages(app, live_server, context_factory, axe_source):
    decided, closed = send_case(app), send_case(app)
    _officer_handles(app, decided, "appoint", "grant")
    _officer_handles(app, closed, "close")
    failures: dict = {}
    page = context_factory().new_page()
    staff_logs_in(page, live_server, ASKOY_OFFICER)
    settled(page, r"/ansatt/$")
    examine(page, axe_source, "home-officer", failures)

    page.goto(live_server + "/ansatt/saker?status=all&kind=plan_request&sort=received")
    examine(page, axe_source, "desk-filtered", failures)
    eva = page.locator("main table a", has_text="Eva Strand").get_attribute("href")
    page.goto(live_server + "/ansatt/saker?status=open&attention=interim&mine=1&sort=status")
    examine(page, axe_source, "desk-filtered-empty", failures)
    response = page.goto(live_server + "/ansatt/saker?sort=whatever")
    assert response.status == 422
    examine(page, axe_source, "desk-422", failures)
    page.goto(live_server + "/ansatt/saker?status=all&sort=kind")
    tone = page.locator("main table a", has_text="Tone Kleppe").get_attribute("href")

    for name, url in (
        ("case-received", eva),
        ("case-in-review-interim", tone),
        ("case-decided", f"/ansatt/saker/{decided}"),
        ("case-closed", f"/ansatt/saker/{closed}"),
    ):
        page.goto(live_server + url)
        examine(page, axe_source, name, failures)

    page.goto(live_server + eva)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("main form[action$='/forelopig-svar'] button").click()
    assert posted.value.status == 422
    page.wait_for_selector("[data-error-summary]")
    examine(page, axe_source, "case-422", failures)
    _officer_handles(app, int(eva.rsplit("/", 1)[1]))  # taken meanwhile, in another window
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("main form[action$='/ta'] button").click()
    assert posted.value.status == 409
    page.wait_for_selector("#conflict-heading")
    examine(page, axe_source, "case-409", failures)

    page.goto(live_server + "/ansatt/tilganger")
    examine(page, axe_source, "roles", failures)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("main form[action='/ansatt/tilganger'] button[type=submit]").click()
    assert posted.value.status == 422
    page.wait_for_selector("[data-error-summary]")
    examine(page, axe_source, "roles-422", failures)

    _notices_not_reaching_kari(app)
    page.goto(live_server + "/ansatt/varsler-som-ikke-kom-fram")
    examine(page, axe_source, "failed-notices", failures)

    plan = _karis_plan(app)
    page.goto(live_server + f"/ansatt/planer/{plan}")
    page.wait_for_selector("#field-reason")
    examine(page, axe_source, "plan-reason", failures)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("main form button[type=submit]").click()
    assert posted.value.status == 422
    page.wait_for_selector("[data-error-summary]")
    examine(page, axe_source, "plan-reason-422", failures)
    page.locator("#field-reason").fill("Jeg behandler klagen din og må se hvilke tiltak som er avtalt.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("main h2:has-text('Tiltak')")
    examine(page, axe_source, "plan-with-reason", failures)
    assert not failures, pformat(failures)


def test_a_coordinators_caseload_and_plan(app, live_server, context_factory, axe_source):
    failures: dict = {}
    page = context_factory().new_page()
    staff_logs_in(page, live_server, ASKOY_COORDINATOR)
    settled(page, r"/ansatt/$")
    page.goto(live_server + "/ansatt/planer")
    examine(page, axe_source, "caseload", failures)
    page.locator("main table a", has_text="Kari Nordmann").click()
    page.wait_for_selector("main h2:has-text('Tiltak')")
    examine(page, axe_source, "plan-as-coordinator", failures)

    page.goto(live_server + f"/ansatt/planer/{_karis_plan(app)}/moter")
    page.locator("main a", has_text="Flytt møtet").first.click()
    page.wait_for_selector("main h1:has-text('Flytt møtet')")
    examine(page, axe_source, "meeting-move", failures)
    page.locator("#field-place").fill("")
    page.locator("#field-video_link").fill("")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("main form button[type=submit]").click()
    assert posted.value.status == 422
    page.wait_for_selector("[data-error-summary]")
    examine(page, axe_source, "meeting-move-422", failures)
    _moved_meanwhile(app, int(page.url.rstrip("/").split("/")[-2]))
    page.locator("#field-place").fill("Biblioteket")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("main form button[type=submit]").click()
    assert posted.value.status == 409
    page.wait_for_selector("#conflict-heading")
    examine(page, axe_source, "meeting-move-409", failures)
    assert not failures, pformat(failures)


def _moved_meanwhile(app, meeting_id: int) -> None:
    """Kari's coordinator moves the meeting an hour on with the use case, as if in another window."""
    with app.app_context():
        session = db.db_session()
        meeting = session.get(Meeting, meeting_id)
        coordinator = staff_service.actor_for(session, staff_member_id(app, ASKOY_COORDINATOR))
        actor = StaffForPerson(coordinator, meeting.plan.owner)
        later = timedelta(hours=1)
        meetings.move_meeting(
            session,
            actor,
            meeting,
            meeting.version,
            meeting.starts_at + later,
            meeting.ends_at + later,
            meeting.place,
            meeting.video_link,
        )


def test_staff_without_a_role_and_a_password_only_login(live_server, context_factory, axe_source):
    failures: dict = {}
    page = context_factory().new_page()
    staff_logs_in(page, live_server, NO_ROLE)
    settled(page, r"/ansatt/$")
    assert "Du har ingen rolle" in page.locator("main").inner_text()
    examine(page, axe_source, "home-without-role", failures)

    page = context_factory().new_page()
    with page.expect_response(lambda r: "/ansatt/logg-inn/callback" in r.url) as callback:
        staff_logs_in(page, live_server, ASKOY_OFFICER, method="pwd")
    assert callback.value.status == 403
    examine(page, axe_source, "login-refused-password-only", failures)
    assert not failures, pformat(failures)


def test_a_coordinators_conversation(live_server, context_factory, axe_source):
    failures: dict = {}
    page = context_factory().new_page()
    staff_logs_in(page, live_server, ASKOY_COORDINATOR)
    settled(page, r"/ansatt/$")
    page.goto(live_server + "/ansatt/planer")
    page.locator("main table a", has_text="Kari Nordmann").click()
    page.wait_for_selector("main h2:has-text('Tiltak')")
    page.locator("main a", has_text="Meldinger med personen").click()
    settled(page, r"/meldinger$")
    examine(page, axe_source, "messages", failures)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("form#write button[type=submit]").click()
    assert posted.value.status == 422
    page.wait_for_selector("[data-error-summary]")
    examine(page, axe_source, "messages-422", failures)
    assert not failures, pformat(failures)


def test_the_kes_conversation_opened_from_an_open_case(app, live_server, context_factory, axe_source):
    case_id = open_complaint(app, KARI)
    failures: dict = {}
    page = context_factory().new_page()
    staff_logs_in(page, live_server, ASKOY_OFFICER)
    settled(page, r"/ansatt/$")
    page.goto(live_server + f"/ansatt/saker/{case_id}")
    page.locator("main a", has_text="Meldinger med Kari Nordmann").click()
    settled(page, r"/meldinger$")
    examine(page, axe_source, "messages-ke", failures)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("form#write button[type=submit]").click()
    assert posted.value.status == 422
    page.wait_for_selector("[data-error-summary]")
    examine(page, axe_source, "messages-ke-422", failures)
    assert not failures, pformat(failures)
