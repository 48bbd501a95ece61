"""The FHIR API's settings from the environment: whose Maskinporten tokens it takes, for which
audience and scopes, and which organisation may touch which municipality's people.

Outside production the API trusts the local Maskinporten stand-in (devstandins/maskinporten.py,
started by `make run`) and the demo organisations below. Production refuses the stand-in: the
issuer must be Maskinporten's own https address, and every consumer is named in FHIR_CONSUMERS.
A municipality that sets no issuer in production has the API closed: every call is refused.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from limits import parse as parse_limit

from app.settings_parsing import ConfigError
from app.settings_parsing import int_setting as _int
from app.settings_parsing import is_loopback as _is_loopback

DEV_ISSUER = "http://127.0.0.1:5405/"
DEV_AUDIENCE = "http://127.0.0.1:5000/fhir"
DEFAULT_SCOPE_PREFIX = "minplan"

# Synthetic organisation numbers (Tenor's 3-series, valid check digit) for the demo
# municipalities' own systems: the stand-in registers a client for each, the app maps each to
# its municipality. Real organisations never hold them.
DEMO_ORGNOS = {
    "310900028": "askoy",
    "310900036": "luster",
    "310900044": "alesund",
    "310900052": "horten",
}
# A demo organisation Maskinporten knows but no municipality here: it gets a token, never data.
DEMO_STRANGER_ORGNO = "310900060"

_ORGNO_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def valid_orgno(orgno: str) -> bool:
    """Nine digits with the Brønnøysund register's modulus-11 check digit."""
    if len(orgno) != 9 or not orgno.isascii() or not orgno.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(orgno, _ORGNO_WEIGHTS, strict=False)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(orgno[8])


def _consumers(env: dict[str, str], production: bool) -> dict[str, str]:
    raw = env.get("FHIR_CONSUMERS", "").strip()
    if not raw:
        return {} if production else dict(DEMO_ORGNOS)
    consumers = {}
    for pair in raw.split(","):
        orgno, _, slug = pair.strip().partition("=")
        orgno, slug = orgno.strip(), slug.strip()
        if not valid_orgno(orgno) or not slug:
            raise ConfigError(f"FHIR_CONSUMERS holds orgno=municipality pairs, got {pair.strip()!r}")
        consumers[orgno] = slug
    return consumers


def _rate_limit(env: dict[str, str]) -> str:
    """Per consumer organisation, in Flask-Limiter's words; a batch job reads a few plans a second."""
    limit = env.get("FHIR_RATE_LIMIT", "").strip() or "600 per minute"
    try:
        parse_limit(limit)
    except ValueError:
        raise ConfigError(f"FHIR_RATE_LIMIT must read like '600 per minute', got {limit!r}") from None
    return limit


def settings(env: dict[str, str], production: bool) -> dict:
    """The API's part of the app's configuration; raises ConfigError."""
    issuer = env.get("FHIR_MASKINPORTEN_ISSUER", "").strip() or ("" if production else DEV_ISSUER)
    jwks_url = env.get("FHIR_MASKINPORTEN_JWKS_URL", "").strip() or (issuer.rstrip("/") + "/jwk" if issuer else "")
    audience = env.get("FHIR_AUDIENCE", "").strip() or ("" if production else DEV_AUDIENCE)
    prefix = env.get("FHIR_SCOPE_PREFIX", "").strip() or DEFAULT_SCOPE_PREFIX
    if production and issuer:
        # The stand-in issues a token to anyone who holds a demo key: never trusted where people are.
        for name, url in (("FHIR_MASKINPORTEN_ISSUER", issuer), ("FHIR_MASKINPORTEN_JWKS_URL", jwks_url)):
            parts = urlsplit(url)
            if parts.scheme != "https" or not parts.hostname or _is_loopback(url):
                raise ConfigError(f"Production needs {name} as Maskinporten's https address, got {url!r}")
        if not audience:
            raise ConfigError("Production needs FHIR_AUDIENCE: the API's own resource id registered in Maskinporten")
    return {
        "FHIR_MASKINPORTEN_ISSUER": issuer,
        "FHIR_MASKINPORTEN_JWKS_URL": jwks_url,
        "FHIR_AUDIENCE": audience,
        "FHIR_READ_SCOPE": f"{prefix}:read",
        "FHIR_WRITE_SCOPE": f"{prefix}:write",
        "FHIR_CONSUMERS": _consumers(env, production),
        "FHIR_JWKS_CACHE_SECONDS": _int(env, "FHIR_JWKS_CACHE_SECONDS", 3600),
        "FHIR_JWKS_REFETCH_SECONDS": _int(env, "FHIR_JWKS_REFETCH_SECONDS", 10),
        "FHIR_MAX_COUNT": _int(env, "FHIR_MAX_COUNT", 50),
        "FHIR_RATE_LIMIT": _rate_limit(env),
        "FHIR_CHECK_OUTPUT": _check_output(env, production),
    }


def _check_output(env: dict[str, str], production: bool) -> bool:
    """Whether fhir.resources checks every resource the API sends (app/api/fhir_json.py): in the
    tests and `make run`, not in production, where it would cost most of a search page."""
    value = env.get("FHIR_CHECK_OUTPUT", "").strip().lower()
    if value not in ("", "on", "off"):
        raise ConfigError(f"FHIR_CHECK_OUTPUT is on or off, got {value!r}")
    return value == "on" if value else not production
