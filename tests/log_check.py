"""A check over the whole test run: no log line may carry an identity number or a calendar feed's
token. Every record at INFO and above is formatted as the app writes it (the handler sits on the
root logger, so the app's setup gives it the redacting filter as it does every other handler);
at the end of the run, any line with a leak fails the run.

Imported by tests/conftest.py, so the fixture is active for every test.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from app.logging_setup import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent
# Every synthetic number a test or the demo data uses, wherever it is written down.
_SOURCES = [
    *sorted((ROOT / "tests").rglob("*.py")),
    *sorted((ROOT / "app" / "services").glob("demo_*.py")),
    *sorted((ROOT / "devidp").rglob("*.py")),
]
_LITERAL = re.compile(r"[\"'](\d{11})[\"']")
# Anything shaped like one, also 6 + 5 with a separator.
_SHAPE = re.compile(r"(?<![0-9A-Za-z])[0-9]{6}[ .-]?[0-9]{5}(?![0-9A-Za-z])")
_FEED_PATH = re.compile(r"/kalender/(?!\[redacted\])[A-Za-z0-9_-]{16,}")


def synthetic_numbers() -> set[str]:
    return {number for path in _SOURCES for number in _LITERAL.findall(path.read_text(encoding="utf-8"))}


class LeakCheck(logging.Handler):
    def __init__(self, numbers: set[str]):
        super().__init__(level=logging.INFO)
        self.numbers = [re.compile(rf"(?<!\d){n[:6]}\D?{n[6:]}(?!\d)") for n in sorted(numbers)]
        self.tokens: set[str] = set()  # calendar feed tokens handed out during the run
        self.leaks: list[str] = []
        self.seen = 0
        self._json = JsonFormatter()

    def leaks_in(self, line: str) -> list[str]:
        found = [pattern.pattern for pattern in self.numbers if pattern.search(line)]
        found += [f"identity number shape {m.group()!r}" for m in _SHAPE.finditer(line)]
        found += [f"feed path {m.group()[:14]}…" for m in _FEED_PATH.finditer(line)]
        found += ["a calendar feed token" for token in self.tokens if token in line]
        return found

    def emit(self, record: logging.LogRecord) -> None:
        self.seen += 1
        extras = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
        plain = f"{record.name} {record.getMessage()} {extras!r} {record.exc_text or ''} {record.stack_info or ''}"
        for line in (plain, self._json.format(record)):
            if self.leaks_in(line):
                self.leaks.append(line[:2000])


_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


@pytest.fixture(scope="session", autouse=True)
def no_secrets_in_the_logs():
    from app.services import calendar_feeds

    check = LeakCheck(synthetic_numbers())
    root = logging.getLogger()
    root.addHandler(check)
    renew = calendar_feeds.renew

    def renew_and_remember(*args, **kwargs):
        token = renew(*args, **kwargs)
        check.tokens.add(token)
        return token

    calendar_feeds.renew = renew_and_remember
    yield check
    calendar_feeds.renew = renew
    root.removeHandler(check)
    assert not check.leaks, f"{len(check.leaks)} log lines leak an identity number or a token:\n" + "\n".join(
        check.leaks[:5]
    )
