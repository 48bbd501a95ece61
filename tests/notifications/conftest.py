"""An app whose notices reach real stand-ins over the network: the contact register's, an SMTP
server and an SMS gateway, each on a free loopback port."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import db
from app.domain import clock
from app.domain.staff_access import StaffForPerson
from app.models import Person, Plan, StaffMember
from app.services import staff as staff_service
from devstandins import krr, sms, smtp
from devstandins.store import Store
from tests.conftest import idp_config, make_app, serve_in_thread, staff_idp_config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def standins(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("post") / "mailbox.sqlite3")
    register = serve_in_thread(krr.create_app())
    gateway = serve_in_thread(sms.create_app(store))
    smtp_port = free_port()
    mail = smtp.controller(store, "127.0.0.1", smtp_port)
    mail.start()
    yield {
        "KRR_URL": f"http://127.0.0.1:{register.server_port}",
        "SMS_GATEWAY_URL": f"http://127.0.0.1:{gateway.server_port}",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port,
        "store": store,
        "smtp_controller": mail,
    }
    mail.stop()
    register.shutdown()
    gateway.shutdown()


@pytest.fixture(scope="module")
def notice_app(database_url, standins, idp, staff_idp):
    config = {k: v for k, v in standins.items() if k.isupper()}
    return make_app(
        database_url,
        TASK_QUEUE_URL="memory://",
        PUBLIC_URL="https://minplan.example.no",
        **idp_config(idp),
        **staff_idp_config(staff_idp),
        **config,
    )


def plan_of(session, pid: str) -> Plan:
    return session.scalar(select(Plan).join(Person, Plan.owner_id == Person.id).where(Person.pid == pid))


def coordinator_for(session, plan: Plan) -> StaffForPerson:
    """The plan's coordinator (any demo staff member for a plan whose coordinator is not one)."""
    member = session.get(StaffMember, plan.coordinator_id) if plan.coordinator_id else None
    member = member or session.scalar(select(StaffMember).where(StaffMember.email.is_not(None)).limit(1))
    return StaffForPerson(staff_service.actor_for(session, member.id), session.get(Person, plan.owner_id))


def soon() -> str:
    """A visit's time two days ahead, as the visit services record it."""
    return (clock.now() + timedelta(days=2)).astimezone(clock.OSLO).isoformat()


def in_app(app, function):
    with app.app_context():
        session = db.new_session()
        try:
            return function(session)
        finally:
            session.close()
