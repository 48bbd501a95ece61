"""Random query strings on every GET route, anonymously and as Kari (and on the staff routes as a
KE officer, with the pages her walk found): the names the app reads
(those of the schemas that load query strings, and the few views read themselves) and any other
name, with hostile values, given once or several times, or malformed as a whole. No 5xx."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from app.schemas.auth import CallbackSchema, FrontChannelLogoutSchema, LoginStartSchema, LogoutReturnSchema
from app.schemas.cases import DeskFilterSchema
from app.schemas.staff_auth import StaffLoginStartSchema
from tests.hostile_input.attack import QUERY_FUZZ, checked
from tests.hostile_input.conftest import visitor
from tests.hostile_input.site import endpoint_of
from tests.hostile_input.values import DATE, NUMBER, TEXT

# What each view reads from the query string: by its schema, or by name.
READ = {
    "auth.login": set(LoginStartSchema._declared_fields),
    "auth.callback": set(CallbackSchema._declared_fields),
    "auth.frontchannel_logout": set(FrontChannelLogoutSchema._declared_fields),
    "auth.logged_out": set(LogoutReturnSchema._declared_fields),
    "representation.choose": {"next"},
    "representation.access_log": {"side"},
    "week.show": {"uke"},
    "wizard.important": {"tilbake"},
    "wizard.areas": {"tilbake"},
    "wizard.goal": {"tilbake"},
    "wizard.area_help": {"tilbake"},
    "wizard.participants": {"tilbake"},
    "account.complaint": {"sak"},
    "staff_auth.login_start": set(StaffLoginStartSchema._declared_fields),
    "staff_auth.callback": set(CallbackSchema._declared_fields),
    "staff_auth.frontchannel_logout": set(FrontChannelLogoutSchema._declared_fields),
    "staff_auth.logged_out": set(LogoutReturnSchema._declared_fields),
    "staff_desk.desk": set(DeskFilterSchema._declared_fields),
}
# Who reads a route's page: the staff's routes are read as the KE officer.
STAFF_READER = "officer"
NAMES = sorted(set().union(*READ.values()))
EDGES = ["", "\x00", "a\x8eb", "²", "１", "-1", "0", "2147483648", "9" * 5000, "å" * 5000]
VALUE = st.one_of(TEXT, NUMBER, DATE, st.sampled_from(["2026-W48", "2026-W53", "0000-W00", "se-over", "/min-side"]))
PAIRS = st.lists(st.tuples(st.one_of(st.sampled_from(NAMES), TEXT), VALUE), max_size=6)
MALFORMED = st.sampled_from(
    [
        "%",
        "%zz",
        "a=%ff%fe",
        "=&=&",
        "uke[]=1",
        ";;",
        "%00=%00",
        "side=1&side=2",
        "uke=2026-W48&uke=2026-W49",
        "next=%0d%0aLocation:%20//evil.example",
    ]
)
QUERY = st.one_of(PAIRS.map(urlencode), MALFORMED)


def _is_staff(endpoint: str) -> bool:
    return endpoint.startswith("staff")


def _get_urls(app, sites) -> dict[str, str]:
    """One URL per GET route: as the walk found it (Kari's walk, or the officer's on the staff
    side), or with harmless arguments when it found none."""
    urls: dict[str, str] = {}
    for who in ("kari", STAFF_READER):
        for path in sorted(sites[who].pages):
            endpoint = endpoint_of(app, path.split("?")[0], "GET")
            if _is_staff(endpoint) == (who == STAFF_READER):
                urls.setdefault(endpoint, path.split("?")[0])
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint not in urls:
            values = {
                name: 1 if type(conv).__name__ == "IdConverter" else "x" for name, conv in rule._converters.items()
            }
            urls[rule.endpoint] = rule.build(values)[1]
    return urls


def test_every_get_route_is_attacked_with_real_arguments_where_it_has_any(hostile_app, sites):
    urls = _get_urls(hostile_app, sites)
    assert {rule.endpoint for rule in hostile_app.url_map.iter_rules() if "GET" in rule.methods} == set(urls)
    with_ids = ("plan.goal", "plan.edit_goal", "plan.topic_form", "consent.give", "consent.change", "wizard.goal")
    assert [endpoint for endpoint in with_ids if urls[endpoint] not in sites["kari"].pages] == []
    staff_with_ids = ("staff_desk.case", "staff_plans.plan")
    assert [endpoint for endpoint in staff_with_ids if urls[endpoint] not in sites[STAFF_READER].pages] == []


def test_no_query_string_answers_a_server_error(hostile_app, sites):
    failures = []
    urls = _get_urls(hostile_app, sites)
    for who in ("anonymous", "kari", STAFF_READER):
        client = visitor(hostile_app, who)
        for endpoint, path in sorted(urls.items()):
            if who == STAFF_READER and not _is_staff(endpoint):
                continue  # the citizens' routes only send staff to a citizen's login

            @QUERY_FUZZ
            @given(query=QUERY, htmx=st.booleans())
            def get(query, htmx):
                response = checked(client, "GET", f"{path}?{query}", htmx=htmx)
                assert response.status_code < 500, f"{response.status_code} from {path}?{query[:300]}"

            try:
                get()
            except Exception as error:  # noqa: BLE001 - every route's failure at once
                failures.append(f"{who} {endpoint}: {type(error).__name__}: {str(error)[:600]}")
    assert failures == []


def test_every_query_parameter_a_view_reads_at_its_edges(hostile_app, sites):
    urls = _get_urls(hostile_app, sites)
    clients = {who: visitor(hostile_app, who) for who in ("kari", STAFF_READER)}
    failures = []
    for endpoint, names in sorted(READ.items()):
        client = clients[STAFF_READER if _is_staff(endpoint) else "kari"]
        for name in sorted(names):
            for edge in EDGES:
                try:
                    response = checked(client, "GET", f"{urls[endpoint]}?{urlencode({name: edge})}")
                    assert response.status_code < 500, response.status_code
                except AssertionError as error:
                    failures.append(f"{endpoint} {name}={edge[:20]!r}: {str(error)[:300]}")
    assert failures == []
