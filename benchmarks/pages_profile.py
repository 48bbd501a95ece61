"""Where the plan page's time goes (`make bench-profile`): the page N times in this process under
cProfile, for the big plan and the small one in turn, with the session cookie a real login gave,
once counting wall-clock time (waiting for PostgreSQL shows under SQL) and once this process's CPU
time. Each function's own time (not counting what it calls) is put in a rough group by the file it
is in; a few spans are given whole."""

from __future__ import annotations

import cProfile
import pstats
import time

GROUPS = (  # the first whose marker is in a function's file names its group
    ("Babel/i18n", ("/babel/", "/flask_babel/", "/app/i18n.py", "/gettext.py", "/app/easyread.py")),
    ("Jinja rendering", ("/jinja2/", "/markupsafe/", "/app/templates/", "/app/templating.py", "/app/wayfinding.py")),
    ("SQLAlchemy/SQL", ("/sqlalchemy/", "/psycopg", "/app/models/")),
    (
        "session/auth/actor",
        (
            "/app/sessions.py",
            "/app/auth/",
            "/app/policy.py",
            "/app/domain/rules.py",
            "/app/domain/actor.py",
            "/app/security.py",
            "/itsdangerous/",
            "/flask_wtf/",
            "/app/staff/current.py",
        ),
    ),
)
OTHER = "other"


# C functions have no file: their names say whose they are (psycopg's waiting for the server, markupsafe's escape).
BUILTIN_GROUPS = (("SQLAlchemy/SQL", ("psycopg", "sqlalchemy")), ("Jinja rendering", ("markupsafe", "jinja2")))
# Spans worth knowing whole (time under them, callees included), by file ending and function.
SPANS = (
    ("render_template: templates, with the lazy loads they trigger", "flask/templating.py", "render_template"),
    (
        "SQL statements: SQLAlchemy's execution, PostgreSQL's time included",
        "sqlalchemy/engine/base.py",
        "_execute_context",
    ),
    ("session: open (cookie, row)", "app/sessions.py", "open_session"),
    ("session: save", "app/sessions.py", "save_session"),
    ("gettext and friends (flask_babel)", "flask_babel/__init__.py", "gettext"),
)


def group_of(filename: str, function: str = "") -> str:
    for name, markers in GROUPS:
        if any(marker in filename for marker in markers):
            return name
    if filename == "~":
        for name, markers in BUILTIN_GROUPS:
            if any(marker in function for marker in markers):
                return name
    return OTHER


def _other_part(filename: str) -> str:
    """Which package of `other` a file belongs to, for the breakdown."""
    if "/site-packages/" in filename:
        return filename.split("/site-packages/", 1)[1].split("/", 1)[0]
    if "/app/" in filename:
        return "app/" + filename.split("/app/", 1)[1].split("/", 1)[0]
    if filename.startswith("~") or "<" in filename:
        return "builtins"
    return "stdlib"


# Wall-clock time shows where a request waits (PostgreSQL included); this process's CPU time shows
# what the Python costs, and moves less when other work shares the machine.
CLOCKS = {
    "wall": ("wall-clock", time.perf_counter),
    "cpu": ("CPU time of this process: no waiting, PostgreSQL's own work not in it", time.process_time),
}


def _run(clients: dict, path: str, rounds: int, clock) -> dict[str, tuple[pstats.Stats, float]]:
    for client in clients.values():
        for _ in range(5):  # templates compiled, caches filled
            assert client.get(path).status_code == 200
    profilers = {size: cProfile.Profile(clock) for size in clients}
    spent = dict.fromkeys(clients, 0.0)
    for _ in range(rounds):
        for size, client in clients.items():  # in turn, so the machine's other load falls on each alike
            started = clock()
            profilers[size].enable()
            client.get(path)
            profilers[size].disable()
            spent[size] += clock() - started
    return {size: (pstats.Stats(profilers[size]), spent[size]) for size in clients}


def _grouped(stats: pstats.Stats) -> tuple[dict[str, float], dict[str, float]]:
    groups: dict[str, float] = {}
    other: dict[str, float] = {}
    for (filename, _line, function), (_cc, _nc, own, _cum, _callers) in stats.stats.items():
        group = group_of(filename, function)
        groups[group] = groups.get(group, 0.0) + own
        if group == OTHER:
            part = _other_part(filename) if filename != "~" else f"builtin {function[:40]}"
            other[part] = other.get(part, 0.0) + own
    return groups, other


def report(label: str, stats: pstats.Stats, seconds: float, rounds: int) -> dict:
    groups, other = _grouped(stats)
    total = sum(groups.values())
    print(f"\n== {label}: {rounds} requests, {seconds / rounds * 1000:.1f} ms each (under the profiler) ==")
    for name, own in sorted(groups.items(), key=lambda item: -item[1]):
        print(f"  {name:22} {own / rounds * 1000:7.2f} ms a request  {own / total:6.1%}")
    print("  other, by package:")
    for name, own in sorted(other.items(), key=lambda item: -item[1])[:10]:
        print(f"    {name:24} {own / rounds * 1000:7.2f} ms  {own / total:6.1%}")
    print("  spans (time under them, callees included; they overlap):")
    spans = {}
    for span, ending, function in SPANS:
        cum = max(  # the outermost of same-named functions (a method and the function calling it)
            (
                entry[3]
                for (filename, _line, name), entry in stats.stats.items()
                if filename.endswith(ending) and name == function
            ),
            default=0.0,
        )
        spans[span] = round(cum / rounds * 1000, 2)
        print(f"    {cum / rounds * 1000:7.2f} ms  {span}")
    print("  the app's functions with the most time under them (cumulative):")
    app_functions = [
        (cum, f"{filename.split('/work/main/')[-1]}:{line} {name}")
        for (filename, line, name), (_cc, _nc, _own, cum, _callers) in stats.stats.items()
        if "/app/" in filename and "/templates/" not in filename
    ]
    for cum, where in sorted(app_functions, reverse=True)[:12]:
        print(f"    {cum / rounds * 1000:7.2f} ms  {where}")
    return {
        "ms_per_request": round(seconds / rounds * 1000, 2),
        "groups_ms": {name: round(own / rounds * 1000, 2) for name, own in groups.items()},
        "spans_ms": spans,
    }


def profile(app, sessions: dict[str, str], rounds: int) -> dict:
    clients = {}
    for size in ("big", "small"):
        clients[size] = app.test_client()
        name, _, value = sessions[size].partition("=")
        clients[size].set_cookie(name, value, domain="localhost")
    figures = {}
    for clock_name, (words, clock) in CLOCKS.items():
        for size, (stats, seconds) in _run(clients, "/plan", rounds, clock).items():
            figures[f"{size}_{clock_name}"] = report(f"/plan, {size} plan, {words}", stats, seconds, rounds)
    return figures
