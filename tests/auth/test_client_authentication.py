"""Our app authenticates to ID-porten's token endpoint with a secret or with private_key_jwt."""

from __future__ import annotations

import pytest
from joserfc.jwk import KeySet, RSAKey

from app import create_app
from devidp.registry import Client
from tests.auth.visitor import through_stand_in
from tests.conftest import TEST_CLIENT_BASE, idp_config


@pytest.fixture
def make_app(database_url, idp):
    apps = []

    def make(client: Client, **config):
        idp.clients[client.client_id] = client
        app = create_app(
            {
                "DATABASE_URL": database_url,
                "SECRET_KEY": "client-auth-test",
                "TESTING": True,
                **idp_config(idp, IDPORTEN_CLIENT_ID=client.client_id, **config),
            }
        )
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["db_engine"].dispose()


def _client(client_id: str, method: str, **kwargs) -> Client:
    return Client(client_id=client_id, name="Min plan", auth_method=method, base_urls=[TEST_CLIENT_BASE], **kwargs)


def test_client_secret_post_works(make_app, idp):
    app = make_app(
        _client("minplan-post", "client_secret_post", client_secret="post-secret"),
        IDPORTEN_CLIENT_SECRET="post-secret",
        IDPORTEN_CLIENT_AUTH_METHOD="client_secret_post",
    )
    response = through_stand_in(app.test_client(), idp.issuer)
    assert response.status_code == 303 and response.headers["Location"] == "/min-side"


def test_a_wrong_client_secret_is_refused_by_id_porten(make_app, idp):
    app = make_app(
        _client("minplan-wrong", "client_secret_basic", client_secret="right"), IDPORTEN_CLIENT_SECRET="wrong"
    )
    response = through_stand_in(app.test_client(), idp.issuer)
    assert response.status_code == 400


def _key_file(tmp_path, kid: str) -> tuple[str, RSAKey]:
    key = RSAKey.generate_key(2048, parameters={"kid": kid}, private=True)
    path = tmp_path / "client-key.pem"
    path.write_bytes(key.as_pem(private=True))
    return str(path), key


def test_private_key_jwt_works(make_app, idp, tmp_path):
    key_file, key = _key_file(tmp_path, "our-key-1")
    app = make_app(
        _client("minplan-pkjwt", "private_key_jwt", jwks=KeySet([key]).as_dict(private=False)),
        IDPORTEN_CLIENT_SECRET="",
        IDPORTEN_CLIENT_KEY_FILE=key_file,
        IDPORTEN_CLIENT_KEY_ID="our-key-1",
        IDPORTEN_CLIENT_AUTH_METHOD="private_key_jwt",
    )
    response = through_stand_in(app.test_client(), idp.issuer)
    assert response.status_code == 303 and response.headers["Location"] == "/min-side"


def test_private_key_jwt_with_an_unregistered_key_is_refused(make_app, idp, tmp_path):
    key_file, _key = _key_file(tmp_path, "our-key-2")
    registered = RSAKey.generate_key(2048, parameters={"kid": "our-key-2"}, private=True)
    app = make_app(
        _client("minplan-pkjwt-2", "private_key_jwt", jwks=KeySet([registered]).as_dict(private=False)),
        IDPORTEN_CLIENT_SECRET="",
        IDPORTEN_CLIENT_KEY_FILE=key_file,
        IDPORTEN_CLIENT_KEY_ID="our-key-2",
        IDPORTEN_CLIENT_AUTH_METHOD="private_key_jwt",
    )
    assert through_stand_in(app.test_client(), idp.issuer).status_code == 400


def test_synthetic_numbers_are_refused_where_they_are_not_allowed(make_app, idp):
    """Production refuses TestID's synthetic numbers (here: production's rule in a test app)."""
    app = make_app(
        _client("minplan-prodlike", "client_secret_basic", client_secret="s"),
        IDPORTEN_CLIENT_SECRET="s",
        ALLOW_SYNTHETIC_IDENTITY_NUMBERS=False,
    )
    response = through_stand_in(app.test_client(), idp.issuer)
    assert response.status_code == 403
    assert "Vi kunne ikke bekrefte hvem du er" in response.get_data(as_text=True)


@pytest.mark.parametrize("locale", ["nb", "nn", "en", "se"])
def test_an_unreachable_id_porten_gets_a_clear_page(database_url, locale):
    from tests.conftest import PageClient

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "x" * 32,
            "TESTING": True,
            "IDPORTEN_DISCOVERY_URL": "http://127.0.0.1:9/.well-known/openid-configuration",
        }
    )
    client = PageClient(app.test_client(), app)
    response = client.get("/logg-inn", headers={"Accept-Language": locale})
    assert response.status_code == 503
    assert f'<html lang="{locale}"' in response.get_data(as_text=True)
    app.extensions["db_engine"].dispose()
