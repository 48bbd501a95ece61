"""How the suite is handed to its workers, so `make test` stays short on two cores.

The language × mode matrix (four languages, standard and easy-read) checks words, layout and
accessibility: the database under it does not change them, so on the second database only the
first variant of each test runs (Bokmål, standard) — the flow still meets PostgreSQL once.

xdist gives each worker whole files in the order it receives them; the long files (a browser
walking every page, the fuzzers, real worker processes) go first, so no worker is left alone with
one of them at the end while the other idles."""

from __future__ import annotations

# Longest first: what one file of each costs, in minutes of a worker's time, decides the place.
LONG_FIRST = (
    "tests/browser/",
    "tests/hostile_input/",
    "tests/notifications/",
    "tests/privacy/",
    "tests/concurrency/",
    "tests/certified_op/",
    "tests/audit/",
)


def is_later_variant(item) -> bool:
    """A language other than Bokmål, or easy-read: the matrix beyond its first cell."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    locale = params.get("locale")
    return (locale is not None and locale != "nb") or bool(params.get("easy_read"))


# The fixtures that make a database on the suite's engine: the shared one, and the fuzzers' and
# the real servers' own (each from TEST_ON_DATABASE too).
DATABASE_FIXTURES = frozenset({"database_url", "hostile_app", "real_server"})


def reaches_a_database(item) -> bool:
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def for_the_second_database(items: list) -> tuple[list, list]:
    """(kept, left out): what only repeats itself on the second database is left out."""
    kept, left = [], []
    for item in items:
        (kept if reaches_a_database(item) and not is_later_variant(item) else left).append(item)
    return kept, left


def long_files_first(items: list) -> list:
    """The same tests, each file's in their order, the long directories' files first."""

    def place(item) -> int:
        path = str(item.path).replace("\\", "/")
        return next((i for i, part in enumerate(LONG_FIRST) if part in path), len(LONG_FIRST))

    return sorted(items, key=place)  # stable: files and tests keep their order within a place
