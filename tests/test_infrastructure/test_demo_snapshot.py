"""The demo data every test starts from is put back by the same code the autouse fixture runs:
from what the statements the test ran wrote to, never from a list someone keeps by hand."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, text, update

from app import db
from app.models import Base, BrowserSession, Person, Plan
from app.models.base import utcnow
from tests.conftest import WRITES
from tests.demo_snapshot import EVERY_TABLE
from tests.people import KARI


def _everything_as_loaded(app, snapshot) -> None:
    with app.app_context(), db.new_session() as s:
        assert list(snapshot.differing(s.connection())) == []


def _put_back(app, snapshot) -> list[str]:
    """What the autouse fixture does after a test."""
    with app.app_context():
        return snapshot.restore(WRITES.take())


def test_every_table_is_in_the_snapshot(demo_snapshot):
    assert [t.name for t in demo_snapshot.tables] == [t.name for t in Base.metadata.sorted_tables]
    assert demo_snapshot.rows["person"] and demo_snapshot.rows["plan"] and demo_snapshot.rows["goal"]


def test_every_table_emptied_is_filled_again_as_loaded(app, demo_snapshot):
    WRITES.take()
    with app.app_context(), db.new_session() as s, db.maintenance(s):
        for table in reversed(Base.metadata.sorted_tables):
            s.execute(delete(table))
        s.commit()
    with app.app_context(), db.new_session() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0
    restored = _put_back(app, demo_snapshot)
    assert {name for name, rows in demo_snapshot.rows.items() if rows} <= set(restored)
    _everything_as_loaded(app, demo_snapshot)


def test_rows_the_database_deleted_by_itself_come_back(app, demo_snapshot):
    """Deleting a plan deletes its goals, measures, meetings and consents in the database
    (ON DELETE CASCADE), with no statement naming those tables: they are put back too."""
    WRITES.take()
    with app.app_context(), db.new_session() as s, db.maintenance(s):
        s.execute(delete(Plan))
        s.commit()
    restored = _put_back(app, demo_snapshot)
    assert {"plan", "goal", "measure", "schedule_entry", "meeting", "sharing_consent", "consent_change"} <= set(
        restored
    )
    _everything_as_loaded(app, demo_snapshot)


def test_rows_changed_and_added_are_changed_back_and_removed(app, demo_snapshot):
    WRITES.take()
    with app.app_context(), db.new_session() as s:
        s.execute(update(Person).values(locale="en", easy_read=True))
        s.execute(text("UPDATE plan SET coordinator_name = 'Someone else'"))
        kari = s.scalar(select(Person).where(Person.pid == KARI))
        s.add(
            BrowserSession(token_hash="0" * 64, data={}, created_at=utcnow(), last_seen_at=utcnow(), person_id=kari.id)
        )
        s.execute(insert(Person).values(pid="01010199999", birth_date=kari.birth_date))
        s.commit()
    assert set(_put_back(app, demo_snapshot)) == {"person", "plan", "browser_session"}
    _everything_as_loaded(app, demo_snapshot)


def test_new_rows_after_a_restore_get_the_ids_a_fresh_load_would_give(app, demo_snapshot):
    """On PostgreSQL the sequences are set back too: the next person is the one after the last demo person."""
    WRITES.take()
    with app.app_context(), db.new_session() as s:
        for number in ("01010199999", "02020299999", "03030399999"):
            s.add(Person(pid=number, birth_date=utcnow().date()))
        s.commit()
    _put_back(app, demo_snapshot)
    with app.app_context(), db.new_session() as s:
        person = Person(pid="04040499999", birth_date=utcnow().date())
        s.add(person)
        s.commit()
        assert person.id == max(key[0] for key in demo_snapshot.rows["person"]) + 1


def test_a_test_that_only_reads_writes_nothing_to_put_back(app, client):
    WRITES.take()
    assert client.get("/").status_code == 200
    with app.app_context(), db.new_session() as s:
        s.scalars(select(Plan)).all()
    assert WRITES.take() == set()


def test_a_statement_it_cannot_read_counts_as_writing_everywhere(app):
    WRITES.take()
    with app.app_context(), db.new_session() as s:
        s.execute(text("CREATE TEMPORARY TABLE scratch (n INTEGER)"))
        s.rollback()
    assert EVERY_TABLE in WRITES.take()
