"""The API writes its own JSON (app/api/fhir_json.py); fhir.resources checks it wherever checking
is on, which is everywhere but production: every answer in this suite has passed that check."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.goal import Goal
from pydantic import ValidationError

from app.api import fhir_json
from app.api.configuration import settings
from app.settings_parsing import ConfigError

GOAL = {
    "resourceType": "Goal",
    "id": "7",
    "meta": {"versionId": "3", "lastUpdated": datetime(2026, 12, 2, 14, 5, 6, 789, tzinfo=UTC)},
    "lifecycleStatus": "active",
    "description": {"text": "Jeg vil gå tur 🌿"},
    "subject": {"reference": "Patient/1"},
    "note": [],
    "statusReason": None,
}


def test_the_check_is_on_in_the_tests_and_in_development_and_off_in_production(app):
    assert app.config["FHIR_CHECK_OUTPUT"] is True
    assert settings({}, production=False)["FHIR_CHECK_OUTPUT"] is True
    assert settings({"FHIR_AUDIENCE": "x"}, production=True)["FHIR_CHECK_OUTPUT"] is False
    assert settings({"FHIR_AUDIENCE": "x", "FHIR_CHECK_OUTPUT": "on"}, production=True)["FHIR_CHECK_OUTPUT"] is True
    with pytest.raises(ConfigError):
        settings({"FHIR_CHECK_OUTPUT": "yes"}, production=False)


def test_what_we_write_is_what_the_library_writes(app):
    with app.app_context():
        written = fhir_json.dumps(fhir_json.resource(Goal, GOAL))
    assert written == Goal.model_validate(fhir_json._pruned(GOAL)).model_dump_json()
    assert '"lastUpdated":"2026-12-02T14:05:06.000789Z"' in written and "🌿" in written
    assert "note" not in written and "statusReason" not in written


def test_a_resource_the_library_refuses_or_writes_otherwise_fails_where_the_check_is_on(app):
    with app.app_context():
        with pytest.raises(ValidationError):
            fhir_json.resource(Goal, {**GOAL, "description": "a text, where FHIR has an object"})
        with pytest.raises(fhir_json.OutputDiffers, match=r"\.meta\.lastUpdated"):
            fhir_json.check(Goal, {**GOAL, "meta": {"versionId": "3", "lastUpdated": "2026-12-02T14:05:06+00:00"}})
        app.config["FHIR_CHECK_OUTPUT"] = False
        try:  # production sends what it built: the tests above are what keep it right
            assert fhir_json.resource(Goal, {**GOAL, "description": "a text"})["description"] == "a text"
        finally:
            app.config["FHIR_CHECK_OUTPUT"] = True
