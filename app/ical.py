"""Writing iCalendar text (RFC 5545) by hand: the few properties a phone's calendar needs.

Lines end in CRLF and are folded at 75 octets (§3.1) without splitting a UTF-8 character;
TEXT values escape backslash, semicolon, comma and newline (§3.3.11)."""
from __future__ import annotations

from datetime import datetime, timezone

# Norway's rules since 1996, so TZID=Europe/Oslo refers to a VTIMEZONE in the same file (§3.2.19).
OSLO_VTIMEZONE = [
    "BEGIN:VTIMEZONE", "TZID:Europe/Oslo",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST",
    "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET",
    "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """One content line as lines of at most 75 octets, continuations starting with a space."""
    encoded = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(encoded) - start > limit:
        end = start + limit
        while end > start and (encoded[end] & 0xC0) == 0x80:  # inside a UTF-8 character: step back
            end -= 1
        parts.append(encoded[start:end].decode("utf-8"))
        start, limit = end, 74  # the leading space of a continuation counts
    parts.append(encoded[start:].decode("utf-8"))
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def oslo_stamp(moment: datetime) -> str:
    return f"TZID=Europe/Oslo:{moment:%Y%m%dT%H%M%S}"


def calendar(name: str, events: list[list[str]]) -> str:
    """A VCALENDAR of VEVENTs, each given as its property lines (values already escaped)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Min plan//Min plan//NO", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}", "X-WR-TIMEZONE:Europe/Oslo", *OSLO_VTIMEZONE]
    for event in events:
        lines += ["BEGIN:VEVENT", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
