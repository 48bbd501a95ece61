"""`python -m devidp --port 5001`: the ID-porten stand-in for `make run`, over real HTTP."""

from __future__ import annotations

import argparse
import os
import sys

from werkzeug.serving import run_simple

from app.config import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from devidp import create_app
from devidp.guards import StandInRefused
from devidp.registry import Client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devidp", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("IDP_PORT", 5001)))
    parser.add_argument(
        "--client-url",
        default="http://127.0.0.1:5000",
        help="where Min plan runs; its callback and logout URIs are registered from it",
    )
    parser.add_argument("--client-id", default=DEV_CLIENT_ID)
    parser.add_argument("--client-secret", default=DEV_CLIENT_SECRET)
    args = parser.parse_args(argv)

    client = Client(
        client_id=args.client_id,
        name="Min plan",
        auth_method="client_secret_basic",
        base_urls=[args.client_url.rstrip("/")],
        client_secret=args.client_secret,
    )
    host = f"[{args.host}]" if ":" in args.host else args.host
    try:
        app = create_app(f"http://{host}:{args.port}", [client])
    except StandInRefused as refused:
        print(f"devidp: {refused}", file=sys.stderr)
        return 2
    print(f"devidp: ID-porten stand-in on http://{host}:{args.port} (TestID, synthetic persons only)", file=sys.stderr)
    run_simple(args.host, args.port, app, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
