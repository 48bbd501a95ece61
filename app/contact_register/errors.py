"""The one error the contact register's client raises."""


class RegisterUnavailable(RuntimeError):
    """The contact register (or Maskinporten) gave no usable answer: unreachable, slow, an error
    status, or a malformed document. Nothing is known about anyone's contact details; the caller
    tries again later rather than guessing. The message names no person."""
