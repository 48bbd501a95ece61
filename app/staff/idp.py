"""The municipality's own identity provider, for staff (app/auth/oidc.py): identity by issuer and
`sub`, multi-factor shown by `amr` and/or `acr` as the deployment requires (app/config.py).

One provider per deployment. Several municipalities sharing one deployment would each register
Min plan with their own provider: the provider becomes a table keyed by issuer (discovery URL,
client id, secret or key, required amr/acr, the municipalities whose roles it may carry), the
staff login page asks which municipality, and a role is only honoured for a staff member whose
issuer belongs to that municipality. Staff members are already keyed by issuer and `sub`."""

from __future__ import annotations

from flask import Flask, current_app

from app.auth.oidc import Provider

STAFF_IDP = Provider(name="staff_idp", config_prefix="STAFF_OIDC", scope="openid profile email")


def init_app(app: Flask) -> None:
    STAFF_IDP.register(app)


def _has_amr(claims, amr) -> bool:
    required = current_app.config["STAFF_OIDC_REQUIRED_AMR"]
    return not required or (isinstance(amr, list) and required in amr)


def _has_acr(claims, acr) -> bool:
    required = current_app.config["STAFF_OIDC_REQUIRED_ACR"]
    return not required or acr == required


def validate(token: dict, attempt: dict) -> dict:
    """The id_token's claims: a staff member with a subject and a name, logged in with the
    multi-factor the deployment requires; raises joserfc's ClaimError naming amr or acr if not."""
    config = current_app.config
    options = {
        "sub": {"essential": True, "validate": lambda _claims, sub: isinstance(sub, str) and 0 < len(sub) <= 200},
        "amr": {"essential": bool(config["STAFF_OIDC_REQUIRED_AMR"]), "validate": _has_amr},
        "acr": {"essential": bool(config["STAFF_OIDC_REQUIRED_ACR"]), "validate": _has_acr},
    }
    return STAFF_IDP.validate_id_token(token, attempt["nonce"], options, attempt.get("max_age"))
