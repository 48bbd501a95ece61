"""A developer's mailbox: the e-mail and SMS the local stand-ins (devstandins/) received, so
notices can be read without a real mail server or phone. Never registered in production."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default
from pathlib import Path

from flask import Blueprint, Flask, current_app, render_template

from app.policy import public
from devstandins.store import Store

bp = Blueprint("devpost", __name__)


def init_app(app: Flask) -> None:
    if not app.config["PRODUCTION"]:
        app.register_blueprint(bp)


def mailbox_path() -> Path:
    return Path(current_app.config.get("DEV_MAILBOX_PATH") or Path(current_app.instance_path) / "dev_mailbox.sqlite3")


@bp.get("/utvikling/post")
@public
def mailbox():
    store = Store(mailbox_path())
    mails = [_readable(mail) for mail in store.mails()]
    return render_template("devpost/mailbox.html", mails=mails, sms=store.sms())


def _readable(mail) -> dict:
    message = message_from_bytes(mail.raw, policy=default)
    plain = message.get_body(("plain",))
    return {
        "received_at": mail.received_at,
        "to": mail.rcpt_to,
        "sender": str(message.get("From", mail.mail_from)),
        "subject": str(message.get("Subject", "")),
        "message_id": mail.message_id,
        "language": str(message.get("Content-Language", "")),
        "text": plain.get_content() if plain is not None else "",
        "has_html": message.get_body(("html",)) is not None,
    }
