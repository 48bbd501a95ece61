"""The iCalendar text we write by hand: folded lines, escaped text (RFC 5545 §3.1, §3.3.11)."""
from __future__ import annotations

from app.ical import calendar, escape_text, fold


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            out.append({"n": "\n", "N": "\n"}.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "æøå" * 40
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_commas_semicolons_backslashes_and_newlines_are_escaped_and_come_back():
    text = "Møte; rom 2, 3. etg\\bak\nkafeen"
    escaped = escape_text(text)
    assert ";" not in escaped.replace("\\;", "") and "\n" not in escaped
    assert unescape(escaped) == text


def test_a_calendar_has_its_events_and_crlf_lines():
    lines = unfold(calendar("Min plan", [["UID:a@min-plan", "SUMMARY:" + escape_text("x, y")]]))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines[lines.index("BEGIN:VEVENT") + 1:lines.index("END:VEVENT")] == ["UID:a@min-plan", "SUMMARY:x\\, y"]
