"""Identity numbers, id_tokens and calendar feed tokens never reach a log line: not through a
message, its arguments, extra fields, a traceback, a request's path, nor SQL parameters."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from app import db
from app.logging_setup import JsonFormatter, RedactingFilter
from app.models import Person
from tests.auth.sessions import log_in_test_client
from tests.people import KARI, NILS, SARA

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJwaWQiOiIxMjgzODUwMjUxMCJ9.c2lnbmF0dXJl"


@contextlib.contextmanager
def app_log():
    """What the app's own handler writes, one JSON object per line."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter))
    lines: list[dict] = []
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        yield lines
    finally:
        handler.setStream(old)
        lines.extend(json.loads(line) for line in stream.getvalue().splitlines())


def test_every_part_of_a_record_is_redacted(app, no_secrets_in_the_logs):
    log = logging.getLogger("minplan.test")
    with app_log() as lines:
        log.warning("found %s", KARI, extra={"event": "test.args", "holder": {"pid": SARA, "spaced": "158212 86864"}})
        log.warning(f"message {NILS[:6]}.{NILS[6:]} and token {JWT}", extra={"event": "test.message"})
        try:
            raise ValueError(f"bad number {KARI}")
        except ValueError:
            log.exception("failed", extra={"event": "test.traceback", "number": int(NILS)})
    text_written = "\n".join(json.dumps(line) for line in lines)
    assert [line["event"] for line in lines] == ["test.args", "test.message", "test.traceback"]
    assert lines[0]["message"] == "found [redacted]"
    assert lines[0]["holder"] == {"pid": "[redacted]", "spaced": "[redacted]"}
    assert lines[1]["message"] == "message [redacted] and token [redacted]"
    assert "ValueError: bad number [redacted]" in lines[2]["exception"]
    assert lines[2]["number"] == "[redacted]"
    for secret in (KARI, SARA, NILS, "158212 86864", JWT):
        assert secret not in text_written
    assert no_secrets_in_the_logs.leaks == []


def test_the_run_wide_check_fails_on_a_leak(no_secrets_in_the_logs):
    """A record that never passed the filter, as from a handler someone added without it."""
    check = no_secrets_in_the_logs
    assert {KARI, SARA, NILS} <= {
        p.pattern.replace("\\D?", "").replace("(?<!\\d)", "").replace("(?!\\d)", "") for p in check.numbers
    }
    record = logging.LogRecord("minplan.test", logging.WARNING, __file__, 1, "holder %s", (KARI,), None)
    before = len(check.leaks)
    check.emit(record)
    try:
        assert len(check.leaks) == before + 1
        assert KARI in check.leaks[-1]
    finally:
        del check.leaks[before:]  # the leak was made on purpose
    assert check.leaks_in(f"GET /kalender/{'A' * 43}.ics") == ["feed path /kalender/AAAA…"]
    assert check.leaks_in("fnr 128385-02510") == [
        "(?<!\\d)128385\\D?02510(?!\\d)",
        "identity number shape '128385-02510'",
    ]
    filtered = logging.LogRecord("minplan.test", logging.WARNING, __file__, 1, "holder %s", (KARI,), None)
    RedactingFilter().filter(filtered)
    assert check.leaks_in(filtered.getMessage()) == []


def test_a_failing_write_logs_neither_its_parameters_nor_the_databases_quote_of_them(app):
    with app.app_context(), db.new_session() as s:
        s.add(Person(pid=KARI, name="Kari Nordmann", birth_date=date(1985, 3, 12)))  # she exists already
        with pytest.raises(IntegrityError) as failed:
            s.flush()
        s.rollback()
    assert "Kari Nordmann" not in str(failed.value)
    assert "[SQL parameters hidden due to hide_parameters=True]" in str(failed.value)
    with app_log() as lines:
        try:
            raise failed.value
        except IntegrityError:
            logging.getLogger("minplan.test").exception("write failed", extra={"event": "test.write"})
    assert len(lines) == 1
    assert "IntegrityError" in lines[0]["exception"]
    assert KARI not in lines[0]["exception"]  # PostgreSQL quotes it: DETAIL:  Key (pid)=(…) already exists.
    assert "Kari Nordmann" not in lines[0]["exception"]


def test_postgresqls_detail_line_is_redacted_whatever_it_holds():
    record = logging.LogRecord(
        "minplan.test",
        logging.ERROR,
        __file__,
        1,
        "failed: %s",
        (
            'new row for relation "goal" violates check constraint\nDETAIL:  Failing row contains (7, Jeg vil bo '
            "hjemme, null).\n[SQL: INSERT INTO goal …]",
        ),
        None,
    )
    RedactingFilter().filter(record)
    assert record.getMessage() == (
        'failed: new row for relation "goal" violates check constraint\nDETAIL: [redacted]\n[SQL: INSERT INTO goal …]'
    )


def test_the_calendar_feeds_token_is_not_in_the_request_log(app, client, no_secrets_in_the_logs):
    log_in_test_client(app, client, KARI)
    csrf = client.csrf_token("/plan/kalender")
    assert client.post("/plan/kalender", {"csrf_token": csrf, "include": ["measures"]}).status_code == 303
    page = client.get("/plan/kalender").get_data(as_text=True)
    path = re.search(r'value="http://localhost(/kalender/[^"]+\.ics)"', page).group(1)
    token = path.removeprefix("/kalender/").removesuffix(".ics")
    assert token in no_secrets_in_the_logs.tokens
    client.client.delete_cookie("minplan_session")
    with app_log() as lines:
        assert client.client.get(path).status_code == 200
        assert client.client.get(path.replace(token[:5], "xxxxx")).status_code == 404
    assert [(line["path"], line["status"]) for line in lines] == [
        ("/kalender/[redacted].ics", 200),
        ("/kalender/[redacted].ics", 404),
    ]
    assert all(token not in json.dumps(line) for line in lines)
