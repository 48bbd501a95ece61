"""Commands: `flask demo-data load`, `flask sessions purge`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.demo.data import load
from app.sessions import CITIZEN, STAFF, purge_expired

demo_data = AppGroup("demo-data", help="Synthetic demo data for development and tests.")
sessions = AppGroup("sessions", help="Server-side login sessions.")


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


def init_app(app: Flask) -> None:
    app.cli.add_command(demo_data)
    app.cli.add_command(sessions)
