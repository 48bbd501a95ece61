"""Commands: `flask demo-data load`, `flask sessions purge`,
`flask maintenance sessions|notices|audit-partitions`, `flask staff grant|revoke|list`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app import db, maintenance
from app.demo.data import load
from app.domain.staff_access import Role
from app.services import audit_partitions
from app.services import staff as staff_service
from app.services.municipalities import find_municipality
from app.sessions import CITIZEN, STAFF, purge_expired

demo_data = AppGroup("demo-data", help="Synthetic demo data for development and tests.")
sessions = AppGroup("sessions", help="Server-side login sessions.")
staff = AppGroup("staff", help="Staff roles per municipality (the first KE officer of each).")
housekeeping = AppGroup(
    "maintenance", help="Retention: what the task queue deletes on its own, run by hand (app/services/retention.py)."
)


@demo_data.command("load")
def load_demo_data() -> None:
    """Load the demo municipalities and persons; safe to run again."""
    if current_app.config["PRODUCTION"]:
        raise click.ClickException("Demo data is never loaded in production.")
    counts = load()
    click.echo("demo data: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@sessions.command("purge")
def purge_sessions() -> None:
    """Delete sessions past their idle or absolute timeout."""
    config = current_app.config
    removed = purge_expired(
        config["SESSION_IDLE_MINUTES"], config["SESSION_ABSOLUTE_MINUTES"], CITIZEN
    ) + purge_expired(config["STAFF_SESSION_IDLE_MINUTES"], config["STAFF_SESSION_ABSOLUTE_MINUTES"], STAFF)
    click.echo(f"removed {removed} expired sessions")


@housekeeping.command("sessions")
def maintenance_sessions() -> None:
    """Delete sessions that ended longer ago than SESSION_PURGE_GRACE_MINUTES."""
    session = db.db_session()
    click.echo(f"removed {maintenance.purge_sessions(session)} ended sessions")


@housekeeping.command("notices")
def maintenance_notices() -> None:
    """Delete finished notices older than NOTICE_RETENTION_DAYS, with their deliveries."""
    session = db.db_session()
    pruned = maintenance.prune_notices(session)
    click.echo(f"removed {pruned.notices} notices and {pruned.deliveries} deliveries")


@housekeeping.command("audit-partitions")
def maintenance_audit_partitions() -> None:
    """Make the audit log's partitions for this month and the next three (PostgreSQL, as the owner)."""
    session = db.db_session()
    try:
        made = maintenance.make_audit_partitions(session)
    except audit_partitions.CannotCreate as refused:
        raise click.ClickException(f"{refused} (only the tables' owner may make partitions)") from refused
    click.echo(f"made {', '.join(made)}" if made else "no partition was missing")


_email = click.option("--email", required=True, help="The address the staff member logged in with.")
_municipality = click.option("--municipality", "slug", required=True, help="The municipality's slug, e.g. askoy.")
_role = click.option("--role", required=True, type=click.Choice([str(r) for r in Role]))


def _member_and_municipality(session, email: str, slug: str):
    """Both, or a clear refusal: a staff member is known only after their first login."""
    municipality = find_municipality(session, slug)
    if municipality is None:
        raise click.ClickException(f"No municipality with the slug {slug!r}.")
    members = staff_service.find_by_email(session, email)
    if not members:
        raise click.ClickException(
            f"No staff member with the e-mail address {email} has logged in to Min plan yet. "
            "Ask them to log in once (at /ansatt/), then run this again."
        )
    if len(members) > 1:  # an address handed on to someone else: never guess which one
        names = ", ".join(f"{m.name} (id {m.id})" for m in members)
        raise click.ClickException(f"Several staff members have logged in with {email}: {names}. Nothing was done.")
    return members[0], municipality


@staff.command("grant")
@_email
@_municipality
@_role
def grant_staff_role(email: str, slug: str, role: str) -> None:
    """Give a staff member a role in a municipality (the first KE officer; the rest in the app)."""
    session = db.db_session()
    member, municipality = _member_and_municipality(session, email, slug)
    try:
        staff_service.grant_role(session, None, member.id, municipality.id, Role(role))
    except staff_service.AlreadyHeld:
        click.echo(f"{member.name} holds the role {role} in {municipality.name} already; nothing changed.")
        return
    click.echo(f"{member.name} ({email}) is now {role} in {municipality.name}.")


@staff.command("revoke")
@_email
@_municipality
@_role
def revoke_staff_role(email: str, slug: str, role: str) -> None:
    """End a staff member's role in a municipality; it takes effect on their next request."""
    session = db.db_session()
    member, municipality = _member_and_municipality(session, email, slug)
    roles = staff_service.roles_in(session, municipality.id)
    held = [r for r in roles if r.staff_member_id == member.id and r.role == role]
    if not held:
        click.echo(f"{member.name} does not hold the role {role} in {municipality.name}; nothing changed.")
        return
    try:
        staff_service.revoke_role(session, None, held[0].id)
    except staff_service.NotHeld:
        click.echo(f"{member.name} does not hold the role {role} in {municipality.name}; nothing changed.")
        return
    click.echo(f"{member.name} ({email}) is no longer {role} in {municipality.name}.")


@staff.command("list")
@_municipality
def list_staff_roles(slug: str) -> None:
    """Who holds which role in a municipality now."""
    session = db.db_session()
    municipality = find_municipality(session, slug)
    if municipality is None:
        raise click.ClickException(f"No municipality with the slug {slug!r}.")
    roles = staff_service.roles_in(session, municipality.id)
    if not roles:
        click.echo(f"No staff member holds a role in {municipality.name}.")
    for held in roles:
        by = held.granted_by.name if held.granted_by else "the command line"
        granted = held.granted_at.strftime("%Y-%m-%d %H:%M UTC")
        click.echo(f"{held.member.name} <{held.member.email or '-'}>  {held.role}  granted {granted} by {by}")


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_data)
    app.cli.add_command(sessions)
    app.cli.add_command(staff)
    app.cli.add_command(housekeeping)
    maintenance.init_app(app)  # the app the queue's periodic housekeeping runs in
