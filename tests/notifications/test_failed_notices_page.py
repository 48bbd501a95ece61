"""The koordinerende enhet sees, for its own municipality only, the notices that did not reach
anyone: who, what kind of news, on which channel, when and why, in words that say nothing of
anyone's health, and what to do instead. Made through the real dispatch and the real SMTP
stand-in refusing a mailbox."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from app.domain.events import EventName
from app.domain.staff_access import Role
from app.models import NoticeDelivery, OutboxEvent, Person, StaffMember, StaffRole
from app.notifications.dispatch import dispatch
from app.notifications.sending import send
from app.services import failed_notices, plan_changes
from tests.conftest import PageClient
from tests.notifications.conftest import coordinator_for, in_app, plan_of
from tests.notifications.test_notice_words import _forbidden
from tests.people import KARI, OLA
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, LUSTER_COORDINATOR, log_in_staff, staff_member_id

URL = "/ansatt/varsler-som-ikke-kom-fram"


def _meeting_moved_and_mail_refused(app, pid: str) -> int:
    """A meeting on the person's plan is moved; the e-mail to the person goes to a mailbox the
    SMTP stand-in refuses for good. The plan's id."""

    def run(session):
        plan = plan_of(session, pid)
        plan_changes.record(session, coordinator_for(session, plan), plan.id, EventName.MEETING_MOVED, None, {})
        session.commit()
        outbox_id = session.scalar(select(OutboxEvent.id).order_by(OutboxEvent.id.desc()).limit(1))
        person_id = plan.owner_id
        plan_id = plan.id
        dispatch(session, outbox_id)
        email = session.scalar(
            select(NoticeDelivery).where(
                NoticeDelivery.outbox_id == outbox_id,
                NoticeDelivery.person_id == person_id,
                NoticeDelivery.channel == "email",
            )
        )
        email.address = "nobody@mailbox.invalid"  # .invalid: the stand-in answers 550
        session.commit()
        assert send(session, email.id) == "failed"
        return plan_id

    return in_app(app, run)


def _page(app, username: str, query: str = "") -> tuple[int, str]:
    client = PageClient(app.test_client(), app)
    log_in_staff(app, client, username)
    response = client.get(URL + query)
    return response.status_code, response.get_data(as_text=True)


def _main(page: str) -> str:
    return re.search(r"<main\b.*?</main>", page, re.S).group(0)


def test_a_refused_notice_is_listed_for_the_ke_of_the_persons_municipality_with_what_to_do(notice_app):
    plan_id = _meeting_moved_and_mail_refused(notice_app, KARI)
    status, page = _page(notice_app, ASKOY_OFFICER)
    assert status == 200
    main = _main(page)
    assert "Kari Nordmann" in main and "Møte om planen" in main and "E-posttjeneren avviste varselet." in main
    # Nils reads Kari's plan with a fullmakt and has no contact details: never sent, and said so.
    assert "Nils Lund" in main and "for Kari Nordmann" in main
    assert "Har ingen e-post eller mobilnummer i Kontakt- og reservasjonsregisteret." in main
    assert f'href="/ansatt/planer/{plan_id}"' in main
    assert "Gi beskjed på en annen måte" in main
    # What the server answered is kept for the developers, not shown.
    assert "550" not in main and "mailbox.invalid" not in main and "@" not in main
    # The KE desk's menu leads to it.
    assert f'href="{URL}"' in page


def test_another_municipalitys_failures_are_never_shown(notice_app):
    _meeting_moved_and_mail_refused(notice_app, OLA)  # Luster
    _meeting_moved_and_mail_refused(notice_app, KARI)  # Askøy
    _, askoy = _page(notice_app, ASKOY_OFFICER)
    assert "Kari Nordmann" in _main(askoy)
    assert "Ola Berg" not in askoy and "Randi Berg" not in askoy

    # Ingrid becomes Luster's KE officer: she sees Ola's, and not Kari's.
    def make_luster_officer(session):
        ingrid = session.get(StaffMember, staff_member_id(notice_app, LUSTER_COORDINATOR))
        luster = session.scalar(select(Person.municipality_id).where(Person.pid == OLA))
        session.add(StaffRole(staff_member_id=ingrid.id, municipality_id=luster, role=str(Role.KE_OFFICER)))
        session.commit()

    in_app(notice_app, make_luster_officer)
    _, luster = _page(notice_app, LUSTER_COORDINATOR)
    assert "Ola Berg" in _main(luster)
    assert "Kari Nordmann" not in luster and "Nils Lund" not in luster


def test_a_coordinator_without_the_desk_is_refused(notice_app):
    _meeting_moved_and_mail_refused(notice_app, KARI)
    status, page = _page(notice_app, ASKOY_COORDINATOR)
    assert status == 403
    assert "Kari Nordmann" not in page
    assert f'href="{URL}"' not in page


def test_the_page_says_nothing_of_anyones_health_or_help(notice_app):
    _meeting_moved_and_mail_refused(notice_app, KARI)

    def every_topic(session):
        # One given up on for each kind of news, after every try.
        kari = session.scalar(select(Person).where(Person.pid == KARI))
        for name in ("message.sent", "visit.cancelled", "minutes.written", "goal.agreed", "case.decided"):
            outbox = OutboxEvent(name=name, source="reminder", subject_id=kari.id, dispatched_at=None)
            session.add(outbox)
            session.flush()
            session.add(
                NoticeDelivery(
                    outbox_id=outbox.id,
                    recipient=f"person:{kari.id}",
                    person_id=kari.id,
                    channel="sms",
                    topic={"message.sent": "messages", "visit.cancelled": "visits", "case.decided": "cases"}.get(
                        name, "proposals" if name.startswith("goal") else "meetings"
                    ),
                    locale="nb",
                    status="failed",
                    attempts=6,
                    last_error="SMS gateway answered 503: Fysioterapi-tjenesten er nede",
                )
            )
        session.commit()

    in_app(notice_app, every_topic)
    _, page = _page(notice_app, ASKOY_OFFICER)
    text = re.sub(r"<[^>]+>", " ", _main(page)).lower()
    assert "vi ga opp etter 6 forsøk." in text
    hits = sorted(w for w in _forbidden("nb") if re.search(rf"\b{re.escape(w)}\b", text))
    assert not hits, hits


def test_many_failures_are_paged_with_their_count(notice_app):
    def many(session):
        kari = session.scalar(select(Person).where(Person.pid == KARI))
        session.execute(update(NoticeDelivery).values(status="sent"))
        for _ in range(failed_notices.PAGE_SIZE + 3):
            outbox = OutboxEvent(name="meeting.moved", source="reminder", subject_id=kari.id)
            session.add(outbox)
            session.flush()
            session.add(
                NoticeDelivery(
                    outbox_id=outbox.id,
                    recipient=f"person:{kari.id}",
                    person_id=kari.id,
                    channel="email",
                    topic="meetings",
                    locale="nb",
                    status="failed",
                )
            )
        session.commit()

    in_app(notice_app, many)
    total = failed_notices.PAGE_SIZE + 3
    _, first = _page(notice_app, ASKOY_OFFICER)
    assert f"{total} varsler kom ikke fram" in first
    assert first.count("<tr>") == failed_notices.PAGE_SIZE + 1  # the heading's row
    assert f'href="{URL}?side=2"' in first
    _, second = _page(notice_app, ASKOY_OFFICER, "?side=2")
    assert second.count("<tr>") == 3 + 1 and f'href="{URL}?side=1"' in second
    # A page that does not exist shows the last one, not an error.
    status, beyond = _page(notice_app, ASKOY_OFFICER, "?side=99")
    assert status == 200 and beyond.count("<tr>") == 3 + 1
