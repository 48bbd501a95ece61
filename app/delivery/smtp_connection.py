"""One SMTP connection per worker thread, kept open between notices.

Opening a connection costs a TCP handshake, the server's greeting, EHLO, STARTTLS with its own
handshake and EHLO again, and AUTH: more round trips than the message itself. A worker sending a
stream of notices keeps its connection and only says MAIL, RCPT and DATA for each.

A kept connection may have been closed by the server (its idle timeout, a restart, a limit of
messages per connection) without our knowing. That shows at the first command of the next
message, before the server has taken anything of it: the message is then sent once on a new
connection. A failure after the server accepted the sender is left to the caller (the queue
retries it later, as for a new connection), since the server may have taken the message.
A connection is also not kept past `SMTP_KEEP_OPEN_SECONDS` of idleness nor past
`SMTP_MESSAGES_PER_CONNECTION` messages, and is dropped after any failure."""

from __future__ import annotations

import functools
import smtplib
import ssl
import threading
import time
from email.message import EmailMessage

_kept = threading.local()


class _Tracking:
    """Knows whether the server accepted MAIL FROM for the message under way: before that, it
    has nothing of the message."""

    sender_accepted = False

    def mail(self, *args, **kwargs):
        code, reply = super().mail(*args, **kwargs)
        self.sender_accepted = code == 250
        return code, reply


class _SMTP(_Tracking, smtplib.SMTP):
    pass


class _SMTPSSL(_Tracking, smtplib.SMTP_SSL):
    pass


class _Kept:
    def __init__(self, key: tuple, smtp: smtplib.SMTP):
        self.key, self.smtp = key, smtp
        self.sent = 0
        self.last_used = time.monotonic()


def send_message(config: dict, message: EmailMessage) -> None:
    """Hands `message` to the server over this thread's connection (opened if need be); raises
    what smtplib raises, after which the connection is not used again."""
    key = _key(config)
    kept = _usable(config, key)
    reused = kept is not None
    if kept is None:
        kept = _Kept(key, _open(config))
    try:
        _send(kept, message)
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException) as closed:
        _forget(kept)
        gone = isinstance(closed, smtplib.SMTPServerDisconnected) or closed.smtp_code == 421
        if not (reused and gone and not kept.smtp.sender_accepted):
            raise
        # The kept connection had been closed by the server before this message began.
        kept = _Kept(key, _open(config))
        try:
            _send(kept, message)
        except BaseException:
            _forget(kept)
            raise
    except BaseException:
        _forget(kept)
        raise
    keep_for = float(config.get("SMTP_KEEP_OPEN_SECONDS", 0))
    if keep_for > 0 and kept.sent < int(config.get("SMTP_MESSAGES_PER_CONNECTION", 100)):
        _kept.connection = kept
    else:
        _close(kept)


def close() -> None:
    """Closes this thread's kept connection, if any (QUIT, politely)."""
    kept = getattr(_kept, "connection", None)
    if kept is not None:
        _close(kept)


def _send(kept: _Kept, message: EmailMessage) -> None:
    kept.smtp.sender_accepted = False
    kept.smtp.send_message(message)
    kept.sent += 1
    kept.last_used = time.monotonic()


def _usable(config: dict, key: tuple) -> _Kept | None:
    kept = getattr(_kept, "connection", None)
    if kept is None:
        return None
    idle = time.monotonic() - kept.last_used
    if kept.key != key or idle > float(config.get("SMTP_KEEP_OPEN_SECONDS", 0)):
        _close(kept)
        return None
    return kept


def _forget(kept: _Kept) -> None:
    if getattr(_kept, "connection", None) is kept:
        _kept.connection = None
    try:
        kept.smtp.close()
    except OSError:
        pass


def _close(kept: _Kept) -> None:
    if getattr(_kept, "connection", None) is kept:
        _kept.connection = None
    try:
        kept.smtp.quit()
    except (smtplib.SMTPException, OSError):
        kept.smtp.close()


def _key(config: dict) -> tuple:
    """What a kept connection was opened with: another server or login needs another connection."""
    names = ("SMTP_HOST", "SMTP_PORT", "SMTP_IMPLICIT_TLS", "SMTP_STARTTLS", "SMTP_CA_FILE", "SMTP_USERNAME")
    return (*(config.get(name) for name in names), config.get("SMTP_PASSWORD"), float(config.get("SMTP_TIMEOUT", 10)))


def _open(config: dict) -> smtplib.SMTP:
    host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
    timeout = float(config.get("SMTP_TIMEOUT", 10))
    if config.get("SMTP_IMPLICIT_TLS"):
        smtp = _SMTPSSL(host, port, timeout=timeout, context=_tls_context(config.get("SMTP_CA_FILE") or None))
    else:
        smtp = _SMTP(host, port, timeout=timeout)
    try:
        if config.get("SMTP_STARTTLS") and not config.get("SMTP_IMPLICIT_TLS"):
            # Raises SMTPNotSupportedError if not offered: never fall back to plain text.
            smtp.starttls(context=_tls_context(config.get("SMTP_CA_FILE") or None))
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD", ""))
    except BaseException:
        smtp.close()
        raise
    return smtp


@functools.cache
def _tls_context(ca_file: str | None) -> ssl.SSLContext:
    """Made once per CA bundle: loading the system's certificates takes a sixth of a second."""
    context = ssl.create_default_context(cafile=ca_file)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context
