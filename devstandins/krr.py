"""`python -m devstandins.krr --port 5003`: the contact register's stand-in for `make run` and the
tests, over real HTTP with the register's request and answer (POST /rest/v1/personer).

It knows only the synthetic demo persons (app/demo/data.py), with made-up addresses: most have an
e-mail address and a mobile number, one has reserved herself against digital contact, one has
only an e-mail address, one has registered nothing. Any other number is IKKE_REGISTRERT. It
accepts the development token only, and refuses to run in production or off loopback.
"""

from __future__ import annotations

import argparse
import hmac
import os
import sys

from flask import Flask, jsonify, request
from werkzeug.serving import run_simple

from app.contact_register.client import BATCH_LIMIT, PATH
from app.contact_register.configuration import DEV_TOKEN
from app.demo.data import PERSONS
from devidp.guards import ALLOWED_ENVIRONMENTS, StandInRefused, is_loopback

UPDATED = "2026-09-14T10:12:41+02:00"
VERIFIED = "2026-11-02T08:30:00+01:00"

# By the demo person's name: what they have registered. The rest get both an e-mail address and a
# mobile number, made up from their name.
ONLY_EMAIL = "Arne Vik"
NOTHING = "Nils Lund"
RESERVED = "Per Hansen"


def _contact_details(name: str, number: int) -> dict:
    email = name.lower().replace(" ", ".").replace("ø", "o").replace("å", "a").replace("æ", "ae") + "@example.no"
    details = {"epostadresse": email, "epostadresse_oppdatert": UPDATED, "epostadresse_sist_verifisert": VERIFIED}
    if name == ONLY_EMAIL:
        return details
    return {
        **details,
        "mobiltelefonnummer": f"+474{number:07d}",
        "mobiltelefonnummer_oppdatert": UPDATED,
        "mobiltelefonnummer_sist_verifisert": VERIFIED,
    }


def demo_register() -> dict[str, dict]:
    """The register's entry for every demo person, by identity number."""
    register = {}
    for number, person in enumerate(PERSONS, start=1):
        name, pid = person["name"], person["pid"]
        entry = {
            "personidentifikator": pid,
            "reservasjon": "NEI",
            "status": "AKTIV",
            "spraak": person.get("locale") or "nb",
        }
        if name == RESERVED:
            entry.update(reservasjon="JA", reservasjonstidspunkt="2025-03-02T12:00:00+01:00")
        elif name == NOTHING:
            entry["varslingsstatus"] = "KAN_IKKE_VARSLES"
        else:
            entry.update(varslingsstatus="KAN_VARSLES", kontaktinformasjon=_contact_details(name, 1000 + number))
        register[pid] = entry
    return register


def create_app(persons: dict[str, dict] | None = None, environment: str | None = None, token: str = DEV_TOKEN) -> Flask:
    """The stand-in; `token` is the one bearer token it accepts (a test may hand out its own)."""
    environment = environment if environment is not None else os.environ.get("MINPLAN_ENV", "development")
    if environment not in ALLOWED_ENVIRONMENTS:
        raise StandInRefused(f"The contact register's stand-in runs only in development or test, not {environment!r}")
    app = Flask(__name__)
    app.config["KRR_PERSONS"] = demo_register() if persons is None else persons

    @app.post(PATH)
    def personer():
        if not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
            return jsonify(error="invalid_token"), 401
        body = request.get_json(silent=True)
        pids = body.get("personidentifikatorer") if isinstance(body, dict) else None
        if not isinstance(pids, list) or not 1 <= len(pids) <= BATCH_LIMIT or not all(isinstance(p, str) for p in pids):
            return jsonify(error="personidentifikatorer: 1 to 1000 identity numbers"), 400
        known = app.config["KRR_PERSONS"]
        return jsonify(
            personer=[known.get(pid) or {"personidentifikator": pid, "status": "IKKE_REGISTRERT"} for pid in pids]
        )

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstandins.krr", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="a loopback address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("KRR_PORT", 5003)), help="default 5003")
    args = parser.parse_args(argv)
    try:
        if not is_loopback(args.host):
            raise StandInRefused(
                f"The contact register's stand-in listens on loopback addresses only, not {args.host!r}"
            )
        app = create_app()
    except StandInRefused as refused:
        print(f"devstandins.krr: {refused}", file=sys.stderr)
        return 2
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"devstandins.krr: contact register stand-in on http://{host}:{args.port} (demo persons only)", file=sys.stderr
    )
    run_simple(args.host, args.port, app, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
