"""Rights that ended, and words taken back: a notice queued while a verge's mandate held is not
sent once it has ended; a coordinator whose role was taken away no longer opens the plan as its
coordinator, nor hears of the person's messages (the koordinerende enhet does, so nothing goes
unread); the person's own copy holds no words of a message withdrawn, as no page shows them."""

from __future__ import annotations

from sqlalchemy import func, select

from app import db
from app.domain.events import EventName
from app.domain.notice_topics import TOPIC_OF
from app.domain.staff_access import Role
from app.models import NoticeDelivery, OutboxEvent, Person, Representation, StaffRole
from app.models.base import utcnow
from app.notifications import sending
from app.notifications.dispatch import dispatch
from app.notifications.facts import facts_of
from app.notifications.recipients import recipients
from app.notifications.sources import case_officers
from app.services import plan_changes
from app.services import staff as staff_service
from tests.auth.sessions import act_for, log_in_test_client
from tests.messages.helpers import messages_of, post
from tests.messages.helpers import plan_id as plan_id_of
from tests.notifications.conftest import coordinator_for, in_app, notice_app, plan_of, standins  # noqa: F401
from tests.people import KARI, NILS, OLA, RANDI
from tests.staff.sessions import ASKOY_COORDINATOR, log_in_staff, staff_member_id

WITHDRAWN = "Ord-som-ble-trukket-tilbake"


def test_the_copy_holds_no_words_of_a_withdrawn_message_for_her_or_whoever_reads_it(app, client):
    log_in_test_client(app, client, KARI)
    assert post(client, "/meldinger", text=WITHDRAWN).status_code == 303
    assert WITHDRAWN in client.client.get("/min-side/dataene-dine.json").get_data(as_text=True)  # so it can fail
    (mine,) = [m for m in messages_of(app, KARI) if m.text == WITHDRAWN]
    assert post(client, f"/meldinger/{mine.id}/trekk-tilbake").status_code in (302, 303)
    for reader in ("Kari", "Nils, with her read-only fullmakt"):
        if reader.startswith("Nils"):
            client.client.delete_cookie("minplan_session")
            act_for(app, client, NILS, KARI)
        assert WITHDRAWN not in client.get("/meldinger").get_data(as_text=True), reader
        copy = client.client.get("/min-side/dataene-dine.json").get_data(as_text=True)
        printed = client.get("/min-side/dataene-dine/utskrift").get_data(as_text=True)
        assert WITHDRAWN not in copy and WITHDRAWN not in printed, reader
        assert "trukket tilbake" in printed, reader  # the trace stays


def test_a_notice_queued_while_a_verge_held_her_mandate_is_not_sent_after_it_ended(notice_app):  # noqa: F811
    def act(session):
        plan = plan_of(session, OLA)
        plan_changes.record(session, coordinator_for(session, plan), plan.id, EventName.MINUTES_WRITTEN, None, {})
        session.commit()
        outbox_id = session.scalar(select(func.max(OutboxEvent.id)))
        dispatch(session, outbox_id)
        randi = session.scalar(select(Person).where(Person.pid == RANDI))
        ids = list(
            session.scalars(
                select(NoticeDelivery.id).where(
                    NoticeDelivery.outbox_id == outbox_id,
                    NoticeDelivery.person_id == randi.id,
                    NoticeDelivery.status == "queued",
                )
            )
        )
        assert ids, "Randi, Ola's verge, is to be told while her mandate holds"
        # Her guardianship ends before the worker sends: a retry after a gateway failure waits up
        # to an hour, and the sweep finds a delivery a worker left.
        for representation in session.scalars(select(Representation).where(Representation.holder_id == randi.id)):
            representation.revoked_at = utcnow()
        session.commit()
        sent = [sending.send(session, delivery_id) for delivery_id in ids]
        statuses = set(session.scalars(select(NoticeDelivery.status).where(NoticeDelivery.id.in_(ids))))
        return sent, statuses

    sent, statuses = in_app(notice_app, act)
    assert set(sent) == {sending.CANCELLED} and statuses == {sending.CANCELLED}


def _take_roles_from_line(app, then: Role | None = None) -> int:
    line = staff_member_id(app, ASKOY_COORDINATOR)
    with app.app_context(), db.new_session() as s:
        askoy = s.scalar(select(Person.municipality_id).where(Person.pid == KARI))
        for role in s.scalars(
            select(StaffRole).where(StaffRole.staff_member_id == line, StaffRole.revoked_at.is_(None))
        ):
            staff_service.revoke_role(s, None, role.id)
        if then is not None:
            staff_service.grant_role(s, None, line, askoy, then)
    return line


def test_a_coordinator_whose_role_was_taken_away_is_not_told_of_her_messages_the_ke_is(app, client):
    log_in_test_client(app, client, KARI)
    line = _take_roles_from_line(app)
    assert post(client, "/meldinger", text="Til koordinatoren min").status_code == 303
    with app.app_context(), db.new_session() as s:
        outbox = s.scalar(select(OutboxEvent).where(OutboxEvent.source == "message").order_by(OutboxEvent.id.desc()))
        told = {r.staff_member_id for r in recipients(s, facts_of(s, outbox), TOPIC_OF[outbox.name])}
        officers = set(case_officers(s, s.scalar(select(Person.municipality_id).where(Person.pid == KARI))))
    assert line not in told
    assert officers and officers <= told


def test_a_coordinator_moved_to_the_ke_opens_her_old_plan_only_with_a_reason(app, client):
    """As a KE officer she may open Kari's plan by stating why, which Kari reads in her log; her
    old appointment as its coordinator no longer counts."""
    _take_roles_from_line(app, then=Role.KE_OFFICER)
    log_in_staff(app, client, ASKOY_COORDINATOR)
    page = client.get(f"/ansatt/planer/{plan_id_of(app, KARI)}").get_data(as_text=True)
    assert "Hvorfor trenger du å se planen?" in page
