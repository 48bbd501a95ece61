"""E-mail over SMTP with the standard library.

The Message-ID is the caller's, so a notice sent again after a lost answer carries the same id
and the receiving side (or a person reading both) can tell it is one notice, not two. The
connection is the worker thread's own, kept open between notices (smtp_connection.py).
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate

from app.delivery import smtp_connection
from app.delivery.errors import PermanentFailure, TemporaryFailure

# 5xx answers about our login or TLS, not about the message: fixed by fixing the setup, after
# which the same message goes through, so it is kept for a retry.
OUR_SETUP = {523, 530, 534, 535, 538}


def send_email(
    config: dict,
    to: str,
    subject: str,
    text: str,
    html: str | None,
    message_id: str,
    *,
    language: str = "nb",
) -> None:
    message = build_message(config, to, subject, text, html, message_id, language)
    try:
        smtp_connection.send_message(config, message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        failure = PermanentFailure if codes and all(code >= 500 for code in codes) else TemporaryFailure
        raise failure(f"recipient refused: {codes}") from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise TemporaryFailure(f"SMTP login refused ({exc.smtp_code})") from exc
    except smtplib.SMTPResponseException as exc:
        failure = PermanentFailure if exc.smtp_code >= 500 and exc.smtp_code not in OUR_SETUP else TemporaryFailure
        raise failure(f"SMTP server answered {exc.smtp_code}") from exc
    except smtplib.SMTPNotSupportedError as exc:
        # Never fall back to plain text when TLS was asked for: a stripped STARTTLS is an attack.
        raise TemporaryFailure(f"SMTP server does not offer what is required: {exc}") from exc
    except (smtplib.SMTPException, OSError) as exc:  # refused, reset, timed out, TLS failed
        raise TemporaryFailure(f"SMTP server could not be reached: {exc.__class__.__name__}") from exc


def build_message(
    config: dict, to: str, subject: str, text: str, html: str | None, message_id: str, language: str
) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    sender = config["SMTP_FROM"]
    message["From"] = sender
    message["To"] = to
    if config.get("SMTP_REPLY_TO"):
        message["Reply-To"] = config["SMTP_REPLY_TO"]
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = _message_id(message_id, sender)
    # Notices are sent by a machine: auto-responders and vacation replies should stay silent.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, charset="utf-8")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8")
    message["Content-Language"] = language  # after the body: setting it clears Content-* headers
    return message


def _message_id(message_id: str, sender: str) -> str:
    bare = message_id.strip().strip("<>")
    if "@" not in bare:
        bare = f"{bare}@{sender.rpartition('@')[2].strip('> ') or 'minplan.invalid'}"
    return f"<{bare}>"
