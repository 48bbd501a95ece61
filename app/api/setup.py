"""Setting up the FHIR API in the app: its routes under /fhir."""

from __future__ import annotations

from flask import Flask

from app.api import bp, views  # noqa: F401 - the routes register themselves on the blueprint


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
