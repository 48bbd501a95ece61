"""ID-porten, the citizens' provider (app/auth/oidc.py): identity by `pid`, level by `acr`."""

from __future__ import annotations

from flask import Flask

from app import assurance_levels
from app.auth.oidc import LEEWAY_SECONDS, METADATA_MAX_AGE_SECONDS, Authorization, Provider, origin

__all__ = ["LEEWAY_SECONDS", "METADATA_MAX_AGE_SECONDS", "Authorization", "origin"]

IDPORTEN = Provider(name="idporten", config_prefix="IDPORTEN", scope="openid profile")
NAME = IDPORTEN.name


def init_app(app: Flask) -> None:
    IDPORTEN.register(app)


def metadata() -> dict:
    return IDPORTEN.metadata()


def issuer() -> str:
    return IDPORTEN.issuer()


def login_origin() -> str:
    return IDPORTEN.login_origin()


def sends_iss_parameter() -> bool:
    return IDPORTEN.sends_iss_parameter()


def authorization(
    redirect_uri: str, acr: str, locale: str, prompt: str | None = None, max_age: int | None = None
) -> Authorization:
    return IDPORTEN.authorization(
        redirect_uri,
        acr_values=acr,
        ui_locales=locale,
        prompt=prompt,
        max_age=None if max_age is None else str(max_age),
    )


def redeem_code(code: str, code_verifier: str, redirect_uri: str) -> dict:
    return IDPORTEN.redeem_code(code, code_verifier, redirect_uri)


def validate_id_token(token: dict, nonce: str, required_acr: str, max_age: int | None = None) -> dict:
    """The id_token's claims, with an `acr` at least `required_acr`; raises joserfc's JoseError if not."""
    acr = {"essential": True, "validate": lambda _claims, acr: assurance_levels.satisfies(acr, required_acr)}
    return IDPORTEN.validate_id_token(token, nonce, {"acr": acr}, max_age)


def logout_url(post_logout_redirect_uri: str, state: str, locale: str) -> str:
    return IDPORTEN.logout_url(post_logout_redirect_uri, state, locale)
