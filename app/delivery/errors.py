"""What a failed delivery means for the queue that retries it."""

from __future__ import annotations


class DeliveryError(Exception):
    """A notice could not be handed over to the mail server or the SMS gateway."""


class TemporaryFailure(DeliveryError):
    """Worth trying again later: the server was unreachable, slow, busy, or said "not now" (4xx),
    or our own setup (login, TLS) failed and must be fixed before a retry can work."""


class PermanentFailure(DeliveryError):
    """Trying again cannot help: the address or number was refused for good (5xx, or an
    invalid number)."""
