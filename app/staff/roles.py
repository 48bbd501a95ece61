"""Who holds which role in the municipalities where the staff member is KE officer: giving a
role by e-mail address, and taking one away. A role takes effect on the holder's next request."""

from __future__ import annotations

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app import db, notices
from app.domain.capabilities import Capability
from app.domain.staff_access import Role
from app.models import Municipality
from app.policy import found_or_404, staff_requires
from app.schemas.base import LoadedForm, load_form
from app.schemas.staff_roles import GrantRoleSchema
from app.services import staff as staff_service
from app.sessions import STAFF_PREFIX
from app.staff.current import staff_actor
from app.staff.navigation import staff_role_name

bp = Blueprint("staff_roles", __name__, url_prefix=STAFF_PREFIX)
log = logging.getLogger("minplan.staff.roles")

UNKNOWN_EMAIL = _l(
    "Ingen ansatt med denne e-postadressen har logget inn i Min plan ennå. Be personen logge inn én gang først."
)


def _managed() -> list[Municipality]:
    session = db.db_session()
    ids = staff_actor().municipalities(Role.KE_OFFICER)
    return sorted((session.get(Municipality, i) for i in ids), key=lambda m: m.name)


def _page(form: LoadedForm | None = None, refused: str | None = None, status: int = 200):
    session = db.db_session()
    managed = _managed()
    held = [(municipality, staff_service.roles_in(session, municipality.id)) for municipality in managed]
    typed = form.typed if form else {"email": "", "role": "", "municipality": str(managed[0].id) if managed else ""}
    return render_template(
        "staff/roles.html",
        held=held,
        managed=managed,
        typed=typed,
        errors=form.errors if form else {},
        refused=refused,
        roles=[str(role) for role in Role],
    ), status


@bp.get("/tilganger")
@staff_requires(Capability.STAFF_ROLES_MANAGE)
def roles():
    return _page()


@bp.post("/tilganger")
@staff_requires(Capability.STAFF_ROLES_MANAGE)
def grant():
    session, staff = db.db_session(), staff_actor()
    schema = GrantRoleSchema([str(municipality.id) for municipality in _managed()])
    loaded = load_form(schema, request.form)
    if loaded.ok:
        members = staff_service.find_by_email(session, loaded.data["email"])
        if len(members) != 1:  # none has logged in yet; several: an address handed on, never guess
            message = (
                str(UNKNOWN_EMAIL)
                if not members
                else gettext(
                    "Flere ansatte har logget inn med denne e-postadressen. Kontakt IT-brukerstøtten i kommunen."
                )
            )
            loaded.errors = {"email": [message]}
    if not loaded.ok:
        if "municipality" in loaded.errors:  # the form offers only the officer's own municipalities
            log.warning(
                "municipality refused",
                extra={
                    "event": "policy.object_refused",
                    "object_type": "municipality",
                    "staff_member_id": staff.member.id,
                },
            )
        return _page(loaded, status=422)
    member, role = members[0], Role(loaded.data["role"])
    municipality = session.get(Municipality, int(loaded.data["municipality"]))
    words = {"name": member.name, "role": staff_role_name(role), "municipality": municipality.name}
    try:
        staff_service.grant_role(session, staff, member.id, municipality.id, role)
    except staff_service.AlreadyHeld:
        flash(gettext("%(name)s har allerede rollen %(role)s i %(municipality)s kommune.", **words), notices.INFO)
    else:
        log.info(
            "staff role granted",
            extra={"event": "staff.role.granted", "staff_member_id": staff.member.id, "granted_to": member.id},
        )
        flash(gettext("%(name)s har nå rollen %(role)s i %(municipality)s kommune.", **words), notices.SUCCESS)
    return redirect(url_for("staff_roles.roles"), code=303)


@bp.post("/tilganger/<int:role_id>/fjern")
@staff_requires(Capability.STAFF_ROLES_MANAGE)
def revoke(role_id: int):
    session, staff = db.db_session(), staff_actor()
    held = found_or_404(staff_service.role_to_manage(session, staff, role_id), refused="staff_role")
    words = {"name": held.member.name, "role": staff_role_name(held.role), "municipality": held.municipality.name}
    try:
        staff_service.revoke_role(session, staff, role_id)
    except staff_service.LastOwnOfficerRole:
        refused = gettext(
            "Du er den eneste saksbehandleren i koordinerende enhet i %(municipality)s kommune, så du kan ikke "
            "fjerne din egen rolle. Be en annen saksbehandler i koordinerende enhet om å gjøre det, etter at "
            "de har fått rollen.",
            municipality=held.municipality.name,
        )
        return _page(refused=refused, status=409)
    except staff_service.NotHeld:  # another officer was first: the list shows how it is now
        flash(gettext("Rollen var allerede fjernet. Listen viser hvem som har tilgang nå."), notices.INFO)
        return redirect(url_for("staff_roles.roles"), code=303)
    log.info(
        "staff role revoked",
        extra={"event": "staff.role.revoked", "staff_member_id": staff.member.id, "role_id": role_id},
    )
    flash(gettext("%(name)s har ikke lenger rollen %(role)s i %(municipality)s kommune.", **words), notices.SUCCESS)
    own = held.staff_member_id == staff.member.id  # one's own role: this page may be closed to one now
    return redirect(url_for("staff.home" if own else "staff_roles.roles"), code=303)
