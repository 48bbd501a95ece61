"""`python -m devstandins.smtp --port 5025 --store instance/dev_mailbox.sqlite3`: a local SMTP
server (aiosmtpd) that keeps every message it receives instead of sending it on.

`--fail-first N` answers the first N messages with 451 (try again later), for retry tests;
`--user`/`--password` require SMTP AUTH (over plain text: loopback only). Any address under
`.invalid` is refused with 550, as a mail server refuses an unknown mailbox.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from devstandins.local import StandInRefused, check_may_run
from devstandins.store import Store


class StoringHandler:
    def __init__(self, store: Store, fail_first: int = 0):
        self.store = store
        self.fail_first = fail_first
        self._lock = threading.Lock()
        # The client's address and port of each connection a message came over: how many
        # connections a sender needed, for the tests of a kept connection.
        self.peers: list[tuple] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # .invalid is reserved (RFC 2606): a way for tests and developers to see a refused address.
        if address.lower().rstrip(">").endswith(".invalid"):
            return "550 5.1.1 Stand-in: no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.fail_first > 0:
                self.fail_first -= 1
                return "451 4.3.0 Stand-in: try again later"
        self.peers.append(tuple(session.peer))
        parsed = message_from_bytes(envelope.original_content or envelope.content, policy=default)
        self.store.add_mail(
            envelope.mail_from,
            list(envelope.rcpt_tos),
            str(parsed.get("Message-ID", "")),
            str(parsed.get("Subject", "")),
            envelope.original_content or envelope.content,
        )
        return "250 2.0.0 Stored by the stand-in"


class Authenticator:
    def __init__(self, user: str, password: str):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            self.user,
            self.password,
        )
        return AuthResult(success=ok)


def controller(
    store: Store,
    host: str = "127.0.0.1",
    port: int = 5025,
    fail_first: int = 0,
    user: str | None = None,
    password: str | None = None,
    tls_context=None,
) -> Controller:
    """A server not yet started: `.start()` and `.stop()`. With `tls_context` it offers STARTTLS
    and refuses mail before it; with a user it refuses mail before AUTH."""
    options = {}
    if user:
        options.update(authenticator=Authenticator(user, password or ""), auth_required=True)
        options.update(auth_require_tls=tls_context is not None)
    if tls_context is not None:
        options.update(tls_context=tls_context, require_starttls=True)
    return Controller(StoringHandler(store, fail_first), hostname=host, port=port, **options)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstandins.smtp", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5025)
    parser.add_argument("--store", default="instance/dev_mailbox.sqlite3", help="the SQLite file to keep mail in")
    parser.add_argument("--fail-first", type=int, default=0, metavar="N", help="answer the first N with 451")
    parser.add_argument("--user", help="require SMTP AUTH with this user")
    parser.add_argument("--password", default="")
    args = parser.parse_args(argv)
    try:
        check_may_run("SMTP", args.host)
    except StandInRefused as refused:
        print(f"devstandins: {refused}", file=sys.stderr)
        return 2
    server = controller(Store(args.store), args.host, args.port, args.fail_first, args.user, args.password)
    server.start()
    print(f"devstandins: SMTP stand-in on {args.host}:{args.port}, keeping mail in {args.store}", file=sys.stderr)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
