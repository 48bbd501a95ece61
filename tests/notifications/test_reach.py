"""The coordinator sees, on the plan's page, who cannot be told by e-mail or SMS (reserved in the
contact register, or without details there) and must be reached another way, and notices that
were given up on; asked of the register's stand-in over HTTP."""

from __future__ import annotations

from sqlalchemy import select

from app.models import NoticeDelivery, NoticePreference, OutboxEvent, Person
from tests.conftest import PageClient
from tests.notifications.conftest import in_app, plan_of
from tests.people import KARI
from tests.staff.sessions import ASKOY_COORDINATOR, ASKOY_OFFICER, log_in_staff


def _page(app, username: str = ASKOY_COORDINATOR) -> str:
    client = PageClient(app.test_client(), app)
    log_in_staff(app, client, username)
    plan_id = in_app(app, lambda s: plan_of(s, KARI).id)
    response = client.get(f"/ansatt/planer/{plan_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_coordinator_sees_who_must_be_reached_another_way(notice_app):
    page = _page(notice_app)
    assert "Kari Nordmann</bdi>:" in page and "får varsler på e-post og SMS." in page
    # Nils reads Kari's plan with a fullmakt, and has registered no contact details.
    assert "Nils Lund</bdi> (handler for personen):" in page
    assert "har ingen e-post eller mobilnummer i Kontakt- og reservasjonsregisteret" in page


def test_notices_given_up_on_are_counted_for_the_coordinator(notice_app):
    def give_up(session):
        kari = session.scalar(select(Person).where(Person.pid == KARI))
        outbox = OutboxEvent(name="meeting.called", source="plan_change", source_id=None)
        session.add(outbox)
        session.flush()
        for channel in ("email", "sms"):
            session.add(
                NoticeDelivery(
                    outbox_id=outbox.id,
                    recipient=f"person:{kari.id}",
                    person_id=kari.id,
                    channel=channel,
                    topic="meetings",
                    locale="nb",
                    status="failed",
                    last_error="SMTP server answered 550",
                )
            )
        session.commit()

    in_app(notice_app, give_up)
    assert "2 varsler kom ikke fram de siste 30 dagene." in _page(notice_app)


def test_when_the_register_does_not_answer_the_page_says_so_and_still_opens(app):
    # The suite's own app points at a register nobody runs.
    assert "kunne ikke sjekkes i Kontakt- og reservasjonsregisteret nå" in _page(app)


def test_a_ke_officer_reading_with_a_reason_is_not_shown_contact_details_status(notice_app):
    client = PageClient(notice_app.test_client(), notice_app)
    log_in_staff(notice_app, client, ASKOY_OFFICER)
    plan_id = in_app(notice_app, lambda s: plan_of(s, KARI).id)
    url = f"/ansatt/planer/{plan_id}"
    reason = "Kari ringte og spurte om planen sin."
    assert (
        client.post(f"{url}/begrunnelse", {"csrf_token": client.csrf_token(url), "reason": reason}).status_code == 303
    )
    page = client.get(url).get_data(as_text=True)
    assert reason in page and "Mål" in page  # the plan itself, opened with the reason
    assert "Varsler på e-post og SMS" not in page


def test_the_coordinator_reads_the_channels_the_person_chose(notice_app):
    def only_email(session):
        kari = session.scalar(select(Person).where(Person.pid == KARI))
        session.add(NoticePreference(person_id=kari.id, sms=False))
        session.commit()

    in_app(notice_app, only_email)
    page = _page(notice_app)
    assert "Kari Nordmann</bdi>:" in page and "får varsler på e-post." in page
    assert "får varsler på e-post og SMS." not in page
