"""Reading what a page's form carries (its token, the version it was read at), and the database."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import text


def hidden(page, name: str) -> str:
    found = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', page.text)
    assert found, f"no hidden {name} on {page.url}"
    return unescape(found.group(1))


def csrf(page) -> str:
    return unescape(re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1))


def one(server, sql: str, **params):
    with server.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def rows(server, sql: str, **params) -> list:
    with server.engine.connect() as conn:
        return list(conn.execute(text(sql), params))


def person_id(server, pid: str) -> int:
    return one(server, "SELECT id FROM person WHERE pid = :pid", pid=pid)


def act_for(visitor, server, holder: str, represented: str) -> None:
    """Choose, over HTTP, to act for `represented` through the holder's registered right."""
    relation = one(
        server,
        "SELECT r.id FROM representation r JOIN person h ON h.id = r.holder_id "
        "JOIN person p ON p.id = r.represented_id WHERE h.pid = :holder AND p.pid = :represented "
        "AND r.revoked_at IS NULL",
        holder=holder,
        represented=represented,
    )
    page = visitor.get("/hvem-handler-du-for")
    chosen = visitor.post(
        "/hvem-handler-du-for", {"csrf_token": csrf(page), "subject": str(relation), "next": "/min-side"}
    )
    assert chosen.status_code == 303, chosen.text[:300]
