"""Delivering notices by e-mail (SMTP) and SMS (an HTTP gateway), called from the background
workers; each call either hands the message over or raises TemporaryFailure / PermanentFailure.

    send_email(config, to, subject, text, html, message_id, language="nb")
    send_sms(config, to, text, reference)
    settings(env, production) -> the SMTP_* and SMS_* keys of the app's config
"""

from app.delivery.email import send_email
from app.delivery.errors import DeliveryError, PermanentFailure, TemporaryFailure
from app.delivery.settings import settings
from app.delivery.sms import send_sms

__all__ = ["DeliveryError", "PermanentFailure", "TemporaryFailure", "send_email", "send_sms", "settings"]
