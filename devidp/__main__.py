"""`python -m devidp --port 5001`: the ID-porten stand-in for `make run`, over real HTTP.

`python -m devidp --realm staff --port 5002`: the municipality's staff login stand-in beside it.
"""

from __future__ import annotations

import argparse
import os
import sys

from werkzeug.serving import run_simple

from app.config import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from devidp import create_app
from devidp.guards import StandInRefused
from devidp.realms import REALMS
from devidp.registry import DEV_STAFF_CLIENT_ID, DEV_STAFF_CLIENT_SECRET, Client

DEFAULTS = {  # port, client id, client secret
    "idporten": (lambda: int(os.environ.get("IDP_PORT", 5001)), DEV_CLIENT_ID, DEV_CLIENT_SECRET),
    "staff": (lambda: int(os.environ.get("STAFF_IDP_PORT", 5002)), DEV_STAFF_CLIENT_ID, DEV_STAFF_CLIENT_SECRET),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devidp", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    parser.add_argument("--realm", choices=sorted(REALMS), default="idporten", help="default idporten")
    parser.add_argument("--port", type=int, help="default 5001, or 5002 for the staff realm")
    parser.add_argument(
        "--client-url",
        default="http://127.0.0.1:5000",
        help="where Min plan runs; its callback and logout URIs are registered from it",
    )
    parser.add_argument("--client-id", help="default the realm's dev client")
    parser.add_argument("--client-secret", help="default the realm's dev client's secret")
    args = parser.parse_args(argv)
    port, client_id, client_secret = DEFAULTS[args.realm]
    args.port = port() if args.port is None else args.port

    client = Client(
        client_id=args.client_id or client_id,
        name="Min plan" if args.realm == "idporten" else "Min plan for kommunens ansatte",
        auth_method="client_secret_basic",
        base_urls=[args.client_url.rstrip("/")],
        client_secret=args.client_secret or client_secret,
        realm=args.realm,
    )
    host = f"[{args.host}]" if ":" in args.host else args.host
    try:
        app = create_app(f"http://{host}:{args.port}", [client], realm=args.realm)
    except StandInRefused as refused:
        print(f"devidp: {refused}", file=sys.stderr)
        return 2
    who = "TestID, synthetic persons only" if args.realm == "idporten" else "synthetic staff only"
    print(f"devidp: {REALMS[args.realm].display_name} stand-in on http://{host}:{args.port} ({who})", file=sys.stderr)
    run_simple(args.host, args.port, app, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
