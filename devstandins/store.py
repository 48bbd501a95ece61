"""What the stand-ins received, in one SQLite file: the SMTP stand-in writes mail, the SMS
stand-in writes SMS, and the app's developer page (/utvikling/post) reads both."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS mail (
    id INTEGER PRIMARY KEY, received_at TEXT NOT NULL, mail_from TEXT NOT NULL,
    rcpt_to TEXT NOT NULL, message_id TEXT, subject TEXT, raw BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS sms (
    id INTEGER PRIMARY KEY, received_at TEXT NOT NULL, ref_id TEXT UNIQUE, message_id TEXT NOT NULL,
    source TEXT NOT NULL, destination TEXT NOT NULL, text TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Mail:
    received_at: str
    mail_from: str
    rcpt_to: str
    message_id: str
    subject: str
    raw: bytes


@dataclass(frozen=True)
class Sms:
    received_at: str
    ref_id: str
    message_id: str
    source: str
    destination: str
    text: str


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=10)
        connection.executescript(SCHEMA)
        return connection

    def add_mail(self, mail_from: str, rcpt_to: list[str], message_id: str, subject: str, raw: bytes) -> None:
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO mail (received_at, mail_from, rcpt_to, message_id, subject, raw) VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), mail_from, ", ".join(rcpt_to), message_id, subject, raw),
            )

    def add_sms(self, ref_id: str, message_id: str, source: str, destination: str, text: str) -> str:
        """Stores the SMS and returns its message id; for a refId seen before, stores nothing and
        returns the first message's id."""
        with self._lock, self._connect() as db:
            if ref_id:
                row = db.execute("SELECT message_id FROM sms WHERE ref_id = ?", (ref_id,)).fetchone()
                if row:
                    return row[0]
            db.execute(
                "INSERT INTO sms (received_at, ref_id, message_id, source, destination, text) VALUES (?, ?, ?, ?, ?, ?)",
                (_now(), ref_id or None, message_id, source, destination, text),
            )
            return message_id

    def mails(self) -> list[Mail]:
        if not self.path.exists():
            return []
        with self._connect() as db:
            rows = db.execute(
                "SELECT received_at, mail_from, rcpt_to, message_id, subject, raw FROM mail ORDER BY id DESC"
            ).fetchall()
        return [Mail(*row) for row in rows]

    def sms(self) -> list[Sms]:
        if not self.path.exists():
            return []
        with self._connect() as db:
            rows = db.execute(
                "SELECT received_at, COALESCE(ref_id, ''), message_id, source, destination, text FROM sms ORDER BY id DESC"
            ).fetchall()
        return [Sms(*row) for row in rows]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
