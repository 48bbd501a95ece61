"""The FHIR API's answers as JSON the app writes itself, checked by fhir.resources where it runs.

fhir.resources validating and writing every resource it sends cost most of a search page: for 50
goals about 85 % of the request (benchmarks/README.md), so a page of 50 was four times a page of
3. The API now builds each resource as plain JSON data and writes it with the json module. Where
`FHIR_CHECK_OUTPUT` is on (the tests, `make run`), every resource is also validated by
fhir.resources, an independent implementation of the R4B models, and its writing of it must
equal ours, value for value: a resource the library would refuse or write otherwise fails there,
so what production sends unchecked is what the tests have checked."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal

from flask import current_app


class OutputDiffers(AssertionError):
    """A resource fhir.resources writes otherwise than we do: a bug in our JSON, never a user's."""


def _plain(value):
    if isinstance(value, datetime):
        written = value.isoformat()
        return written[:-6] + "Z" if written.endswith("+00:00") else written  # as FHIR instants are written
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def _pruned(value):
    """Without the empty: FHIR has no null and no empty list or object (the library leaves them out)."""
    if isinstance(value, dict):
        kept = {key: _pruned(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item is not None and item != [] and item != {}}
    if isinstance(value, list):
        return [item for item in (_pruned(item) for item in value) if item is not None]
    return value


def dumps(resource: dict) -> str:
    return json.dumps(resource, default=_plain, ensure_ascii=False, separators=(",", ":"))


def resource(model, data: dict) -> dict:
    """`data` as the API sends it; checked against `model` (a fhir.resources class) where checking is on."""
    found = _pruned(data)
    if current_app.config.get("FHIR_CHECK_OUTPUT"):
        check(model, found)
    return found


def check(model, found: dict) -> None:
    ours = json.loads(dumps(found))
    theirs = json.loads(model.model_validate(found).model_dump_json())
    if ours != theirs:
        raise OutputDiffers(f"{model.__name__}: {_difference(ours, theirs)}")


def _difference(ours, theirs, path: str = "") -> str:
    """Where two JSON values first differ, for the test's failure message."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            if ours.get(key) != theirs.get(key):
                return _difference(ours.get(key), theirs.get(key), f"{path}.{key}")
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
            if mine != other:
                return _difference(mine, other, f"{path}[{index}]")
    return f"at {path or '.'} we write {ours!r}, fhir.resources writes {theirs!r}"
