"""Min plan: the application factory, read as a table of contents."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import (
    assets,
    auth,
    cli,
    db,
    errors,
    health,
    htmx,
    i18n,
    logging_setup,
    metrics,
    notifications,
    ratelimit,
    security,
    templating,
    trusted_hosts,
    urls,
)
from app.account import bp as account
from app.api import setup as api
from app.auth.views import bp as auth_bp
from app.calendar_feed import bp as calendar_feed
from app.config import load_config
from app.consent import bp as consent
from app.devpost import init_app as devpost_init_app
from app.home import bp as home
from app.info import bp as info
from app.messages import bp as messages
from app.plan import bp as plan
from app.preferences import bp as preferences
from app.representation import bp as representation
from app.sessions import DatabaseSessionInterface
from app.staff import setup as staff
from app.week import bp as week
from app.wizard import bp as wizard


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(load_config(Path(app.instance_path)))
    app.config.update(config or {})

    logging_setup.init_app(app)  # first, so every later step logs as JSON
    logging_setup.init_request_logging(app)
    trusted_hosts.init_app(app)  # a forged Host gets a 400; inside ProxyFix, so after it
    if app.config["PROXY_FIX"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    assets.init_app(app)  # hashed static files, outside ProxyFix and the host check: they need neither
    db.init_app(app)
    app.session_interface = DatabaseSessionInterface()  # needs the database
    i18n.init_app(app)
    htmx.init_app(app)
    security.init_app(app)  # CSP, headers, CSRF
    auth.init_app(app)  # ID-porten client; the logged-in person on g, before any view
    templating.init_app(app)  # filters and globals the templates use
    errors.init_app(app)
    urls.init_app(app)  # bounded URL converters, before any route uses them
    _register_blueprints(app)
    health.init_app(app, Path(app.root_path).parent)  # /healthz and /readyz for the load balancer
    metrics.init_app(app)  # /metrics for the operators' scraper, with its token
    api.init_app(app)  # the FHIR API for the municipality's systems
    staff.init_app(app)  # the staff provider, the staff member on g (staff side only), the staff blueprints
    ratelimit.init_app(app)  # wraps the login views, so after the blueprints
    cli.init_app(app)
    devpost_init_app(app)  # the stand-ins' mail and SMS, for developers; not in production
    notifications.init_app(app)  # the outbox listens to the services' events; the task queue
    return app


def _register_blueprints(app: Flask) -> None:
    for blueprint in (
        home,
        info,
        preferences,
        auth_bp,
        account,
        representation,
        plan,
        week,
        calendar_feed,
        consent,
        wizard,
        messages,
    ):
        app.register_blueprint(blueprint)
