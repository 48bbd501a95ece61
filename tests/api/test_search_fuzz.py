"""Every search of the FHIR API, fuzzed: its own parameters and unknown ones, with any text, a
date, an identifier or a number of any size. A search answers a Bundle or a 400 with an
OperationOutcome, never a 5xx, whatever a system sends."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.api import capability
from tests.hostile_input.attack import FUZZ
from tests.people import KARI

PARAMETERS = sorted(
    {name for spec in capability.RESOURCES.values() for name in spec["search"]}
    | {"_count", "_after", "_format", "date", "status", "_sort", "identifier"}
)
VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["eq", "gt", "ge", "lt", "le", "ne", "sa"]).flatmap(
        lambda prefix: st.dates().map(lambda day: f"{prefix}{day.isoformat()}")
    ),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.just(f"urn:oid:2.16.578.1.12.4.1.4.1|{KARI}"),
    st.just("Patient/1"),
    st.just("CarePlan/1"),
)


@pytest.mark.parametrize("kind", sorted(capability.RESOURCES))
def test_no_search_answers_a_server_error(fhir, kind):
    @settings(FUZZ, max_examples=60)  # a search is a few milliseconds: many cost little
    @given(query=st.lists(st.tuples(st.sampled_from(PARAMETERS), VALUES), max_size=4))
    def search(query):
        response = fhir(f"/fhir/{kind}?{urlencode(query)}")
        assert response.status_code in (200, 400), (response.status_code, query, response.get_data(as_text=True)[:300])
        expected = "Bundle" if response.status_code == 200 else "OperationOutcome"
        assert response.get_json()["resourceType"] == expected

    search()
