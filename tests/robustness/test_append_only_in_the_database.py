"""The audit log and the consent history cannot be rewritten past the ORM: not by a bulk update()
or delete(), not by plain SQL, not by TRUNCATE; on PostgreSQL not by the app's own role (the
README's recipe) even when it asks for maintenance."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import create_engine, delete, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import db
from app.models import AuditEvent, ConsentChange, Person
from tests.people import KARI

ATTEMPTS = {
    "orm bulk update of the audit log": lambda s: s.execute(update(AuditEvent).values(action="nothing.happened")),
    "orm bulk delete of the audit log": lambda s: s.execute(delete(AuditEvent)),
    "orm bulk update of the consent history": lambda s: s.execute(
        update(ConsentChange).values(action="withdrawn").execution_options(synchronize_session=False)
    ),
    "orm bulk delete of the consent history": lambda s: s.execute(
        delete(ConsentChange).execution_options(synchronize_session=False)
    ),
    "sql update of the consent history": lambda s: s.execute(text("UPDATE consent_change SET action = 'withdrawn'")),
    "sql delete of the audit log": lambda s: s.execute(text("DELETE FROM audit_event")),
}
PG_ONLY_ATTEMPTS = {
    "truncate of the audit log": lambda s: s.execute(text("TRUNCATE audit_event")),
    "truncate of the consent history": lambda s: s.execute(text("TRUNCATE consent_change")),
}


def _history(s: Session) -> tuple:
    """Everything an attempt could change, to compare before and after."""
    return (
        s.execute(select(AuditEvent.id, AuditEvent.action).order_by(AuditEvent.id)).all(),
        s.execute(
            select(ConsentChange.id, ConsentChange.action, ConsentChange.participant_id).order_by(ConsentChange.id)
        ).all(),
    )


@pytest.fixture
def history(app):
    """At least one row in each table, and what the tables hold."""
    with app.app_context(), db.new_session() as s:
        kari = s.scalar(select(Person).where(Person.pid == KARI))
        s.add(AuditEvent(actor_id=kari.id, subject_id=kari.id, basis="self", action="plan.read"))
        s.commit()
        before = _history(s)
    assert before[0] and before[1]
    return before


def _attempts(dialect: str) -> dict:
    return {**ATTEMPTS, **(PG_ONLY_ATTEMPTS if dialect == "postgresql" else {})}


def _refused(engine, attempt, maintenance: bool = False) -> str:
    with Session(engine) as s:
        with pytest.raises(DBAPIError) as refused:
            if maintenance:
                s.execute(text("SET LOCAL minplan.maintenance = 'on'"))
            attempt(s)
            s.commit()
        s.rollback()
    return str(refused.value.orig)


def test_the_database_refuses_to_rewrite_history_even_for_the_owner(app, history):
    engine = app.extensions["db_engine"]
    for name, attempt in _attempts(engine.dialect.name).items():
        message = _refused(engine, attempt)
        assert "is append-only" in message, name
    with app.app_context(), db.new_session() as s:
        assert _history(s) == history


def test_deleting_a_plan_with_a_consent_history_is_refused(app, history):
    """Erasure of a history is a maintenance job, never a side effect of a cascade."""
    engine = app.extensions["db_engine"]
    message = _refused(
        engine,
        lambda s: s.execute(
            text("DELETE FROM plan WHERE id = (SELECT plan_id FROM consent_change ORDER BY id LIMIT 1)")
        ),
    )
    # The first history the cascade reaches refuses it: the consent history or the plan's changes.
    assert "consent_change is append-only: DELETE refused" in message or "plan_change is append-only" in message
    with app.app_context(), db.new_session() as s:
        assert _history(s) == history


def test_maintenance_can_erase_history_and_ends_with_its_transaction(app, history):
    with app.app_context(), db.new_session() as s:
        with db.maintenance(s):
            s.execute(delete(AuditEvent).where(AuditEvent.action == "plan.read"))
            s.commit()
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "plan.read")) == 0
        assert s.scalar(select(func.count()).select_from(ConsentChange)) == len(history[1])
        with pytest.raises(DBAPIError, match="consent_change is append-only: DELETE refused"):
            s.execute(delete(ConsentChange).execution_options(synchronize_session=False))
        s.rollback()


@pytest.fixture
def app_role_engine(app):
    """On PostgreSQL, a login role set up exactly as the README's production recipe says."""
    owner = app.extensions["db_engine"]
    if owner.dialect.name != "postgresql":
        yield None
        return
    role = f"minplan_app_{secrets.token_hex(4)}"
    database = owner.url.database
    recipe = [
        f"CREATE ROLE {role} LOGIN",
        f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_event, consent_change FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]
    with owner.begin() as conn:
        for statement in recipe:
            conn.execute(text(statement))
    engine = create_engine(make_url(owner.url).set(username=role, password=None), hide_parameters=True)
    yield engine
    engine.dispose()
    with owner.begin() as conn:
        conn.execute(text(f"DROP OWNED BY {role}"))
        conn.execute(text(f"DROP ROLE {role}"))


def test_the_apps_own_role_can_add_to_history_but_never_change_it(app, history, app_role_engine):
    engine = app_role_engine or app.extensions["db_engine"]
    with Session(engine) as s:  # what the app does every day still works
        kari_id = s.scalar(select(Person.id).where(Person.pid == KARI))
        s.add(AuditEvent(actor_id=kari_id, subject_id=kari_id, basis="self", action="plan.read"))
        s.commit()
    with app.app_context(), db.new_session() as s:
        history = _history(s)
    expected = "permission denied for table" if engine.dialect.name == "postgresql" else "is append-only"
    for name, attempt in _attempts(engine.dialect.name).items():
        assert expected in _refused(engine, attempt), name
        if engine.dialect.name == "postgresql":  # the maintenance escape is the owner's alone
            assert expected in _refused(engine, attempt, maintenance=True), name
    with app.app_context(), db.new_session() as s:
        assert _history(s) == history


def test_a_role_wrongly_granted_update_and_delete_is_still_refused_by_the_triggers(app, history, app_role_engine):
    engine = app_role_engine or app.extensions["db_engine"]
    if engine.dialect.name == "postgresql":
        with app.extensions["db_engine"].begin() as conn:
            conn.execute(
                text(f"GRANT UPDATE, DELETE, TRUNCATE ON audit_event, consent_change TO {engine.url.username}")
            )
    for name, attempt in _attempts(engine.dialect.name).items():
        assert "is append-only" in _refused(engine, attempt), name
        if engine.dialect.name == "postgresql":
            assert "is append-only" in _refused(engine, attempt, maintenance=True), name
    with app.app_context(), db.new_session() as s:
        assert _history(s) == history
