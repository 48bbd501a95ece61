"""The staff side's menu: each area a staff member's roles open, in working order, and which one
the page belongs to (aria-current)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

from app.domain.capabilities import Capability
from app.staff.current import staff_actor


@dataclass(frozen=True)
class Area:
    endpoint: str
    label: object
    capability: Capability
    blueprints: tuple[str, ...]  # the pages that belong to it


AREAS: tuple[Area, ...] = (
    Area("staff_desk.desk", _l("Saker inn"), Capability.DESK_READ, ("staff_desk",)),
    Area(
        "staff_failed_notices.failed_notices",
        _l("Varsler som ikke kom fram"),
        Capability.DESK_READ,
        ("staff_failed_notices",),
    ),
    Area(
        "staff_caseload.caseload",
        _l("Mine planer"),
        Capability.CASELOAD_READ,
        ("staff_caseload", "staff_plans", "staff_meetings", "staff_meeting_moves", "staff_messages"),
    ),
    Area("staff_roles.roles", _l("Tilganger"), Capability.STAFF_ROLES_MANAGE, ("staff_roles",)),
)


def staff_navigation() -> list[dict]:
    staff = staff_actor()
    if staff is None:
        return []
    links = []
    for area in AREAS:
        if area.endpoint not in current_app.view_functions or not staff.can(area.capability):
            continue
        current = (
            "page" if request.endpoint == area.endpoint else "true" if request.blueprint in area.blueprints else None
        )
        links.append({"url": url_for(area.endpoint), "label": area.label, "current": current})
    return links


ROLE_NAMES = {"ke_officer": _l("Saksbehandler i koordinerende enhet"), "coordinator": _l("Koordinator")}


def staff_role_name(role: str) -> object:
    return ROLE_NAMES.get(role, role)
