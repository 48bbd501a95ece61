"""ID-porten's metadata and keys are kept at most a day, then fetched again."""

from __future__ import annotations

from app.auth import client


def test_metadata_older_than_a_day_is_fetched_again(app, idp):
    with app.app_context():
        metadata = client.metadata()
        assert metadata["issuer"] == idp.issuer
        stale = metadata["_loaded_at"] - client.METADATA_MAX_AGE_SECONDS - 1
        metadata["_loaded_at"] = stale
        metadata["jwks"] = {"keys": []}  # stale keys must go too
        fresh = client.metadata()
        assert "jwks" not in fresh
        assert fresh["_loaded_at"] > stale + client.METADATA_MAX_AGE_SECONDS


def test_metadata_younger_than_a_day_is_kept(app):
    with app.app_context():
        loaded_at = client.metadata()["_loaded_at"]
        assert client.metadata()["_loaded_at"] == loaded_at
