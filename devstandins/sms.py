"""`python -m devstandins.sms --port 5004 --store instance/dev_mailbox.sqlite3`: the SMS gateway
stand-in, shaped like LINK Mobility's SMS REST API (see app/delivery/sms.py), keeping every SMS
instead of sending it.

A repeated refId is answered like the first (same messageId) and stored once. `--fail-first N`
answers the first N with 503; `--delay S` waits S seconds before each answer.
"""

from __future__ import annotations

import argparse
import re
import secrets
import sys
import threading
import time

from flask import Flask, jsonify, request
from werkzeug.serving import run_simple

from app.delivery.settings import DEV_SMS_PASSWORD, DEV_SMS_USER
from devstandins.local import StandInRefused, check_may_run
from devstandins.store import Store

# E.164: the stand-in refuses what a real gateway would refuse as "invalid destination".
DESTINATION = re.compile(r"^\+[1-9][0-9]{7,14}$")


def create_app(
    store: Store,
    user: str = DEV_SMS_USER,
    password: str = DEV_SMS_PASSWORD,
    token: str | None = None,
    fail_first: int = 0,
    delay: float = 0.0,
) -> Flask:
    app = Flask(__name__)
    failures = {"left": fail_first}
    lock = threading.Lock()

    def authorised() -> bool:
        if token is not None:
            return secrets.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}")
        auth = request.authorization
        return bool(auth and auth.username == user and secrets.compare_digest(auth.password or "", password))

    @app.post("/sms/send")
    def send():
        if delay:
            time.sleep(delay)
        with lock:
            if failures["left"] > 0:
                failures["left"] -= 1
                return jsonify(status=503, description="Service temporarily unavailable (stand-in)"), 503
        if not authorised():
            return jsonify(status=401, description="Unauthorized"), 401
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not all(isinstance(body.get(k), str) for k in ("source", "userData")):
            return jsonify(status=400, description="Bad request: source and userData are required"), 400
        destination = body.get("destination")
        if not isinstance(destination, str) or not DESTINATION.match(destination):
            return jsonify(status=400, description="Invalid destination"), 400
        ref_id = body.get("refId") if isinstance(body.get("refId"), str) else ""
        message_id = store.add_sms(ref_id, secrets.token_hex(8), body["source"], destination, body["userData"])
        return jsonify(messageId=message_id, resultCode=1005, description="Queued"), 200

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstandins.sms", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5004)
    parser.add_argument("--store", default="instance/dev_mailbox.sqlite3", help="the SQLite file to keep SMS in")
    parser.add_argument("--fail-first", type=int, default=0, metavar="N", help="answer the first N with 503")
    parser.add_argument("--delay", type=float, default=0.0, metavar="S", help="wait S seconds before answering")
    args = parser.parse_args(argv)
    try:
        check_may_run("SMS gateway", args.host)
    except StandInRefused as refused:
        print(f"devstandins: {refused}", file=sys.stderr)
        return 2
    app = create_app(Store(args.store), fail_first=args.fail_first, delay=args.delay)
    print(
        f"devstandins: SMS gateway stand-in on http://{args.host}:{args.port}, keeping SMS in {args.store}",
        file=sys.stderr,
    )
    run_simple(args.host, args.port, app, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
