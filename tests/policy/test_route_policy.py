"""Every route asks the policy, and only the policy, who may use it: walked over the URL map."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from app.domain.capabilities import READ_ONLY, Capability
from app.policy import FRESH_HIGH, FRESH_HIGH_TYPED, declared

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# abort(404) where the URL names something public that is not there: a content page, a
# municipality, a life area, a week, a page of the access log. None of these is a person's
# object, so no answer about access; everything that is goes through policy.found_or_404.
NOT_FOUND_FOR_UNKNOWN_KEYS = {
    ("app.info", "topic"),
    ("app.info", "contact"),
    ("app.info", "_service_page"),
    ("app.wizard", "_area_step"),
    ("app.week", "show"),
    ("app.representation", "access_log"),
    ("app.plan", "history"),  # a page of the history past its last: as for the access log
}
# Names that decide who may do what: a view that uses one decides by itself instead of asking the policy.
RULE_NAMES = {
    "can",
    "allows",
    "grant_for",
    "own_capabilities",
    "judge",
    "hides_private",
    "hides_private_items",
    "may_keep_goals_private",
    "may_grant_power_of_attorney",
    "login_is_fresh",
    "require_fresh_login",
    "STEP_UP_MAX_AGE",
    "widens",
}
RULE_MODULES = {"app.domain.rules", "app.auth.step_up", "app.assurance_levels"}


def _routes(app):
    return [(rule, app.view_functions[rule.endpoint]) for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def test_every_route_declares_who_may_use_it(app):
    assert [rule.rule for rule, view in _routes(app) if declared(view) is None] == []


def test_a_route_that_changes_something_declares_more_than_reading(app):
    """PUBLIC and AUTHENTICATED writes touch only the visitor's own choices (language, whom to act for, logout)."""
    read_only_writes = sorted(
        f"{sorted(rule.methods & WRITE_METHODS)} {rule.rule}"
        for rule, view in _routes(app)
        if rule.methods & WRITE_METHODS and declared(view).capability in READ_ONLY
    )
    assert read_only_writes == []


def test_what_only_the_person_may_do_is_declared_so(app):
    declared_by_endpoint = {rule.endpoint: declared(view).capability for rule, view in _routes(app)}
    assert {
        endpoint: declared_by_endpoint[endpoint]
        for endpoint in (
            "calendar_feed.settings",
            "calendar_feed.renew",
            "calendar_feed.stop",
            "plan.keep_private",
            "representation.power_of_attorney_new",
            "representation.power_of_attorney_create",
            "representation.power_of_attorney_revoke",
        )
    } == {
        "calendar_feed.settings": Capability.CALENDAR_MANAGE,
        "calendar_feed.renew": Capability.CALENDAR_MANAGE,
        "calendar_feed.stop": Capability.CALENDAR_MANAGE,
        "plan.keep_private": Capability.GOAL_KEEP_PRIVATE,
        "representation.power_of_attorney_new": Capability.REPRESENTATION_MANAGE,
        "representation.power_of_attorney_create": Capability.REPRESENTATION_MANAGE,
        "representation.power_of_attorney_revoke": Capability.REPRESENTATION_MANAGE,
    }


def test_a_fresh_login_is_declared_where_the_law_asks_for_one(app):
    """Giving a fullmakt or a consent, and revoking a fullmakt; widening a consent asks the policy
    with what the form says (policy.fresh_login_to_share). Withdrawing never asks."""
    fresh = {rule.endpoint: declared(view).fresh_login for rule, view in _routes(app) if declared(view).fresh_login}
    assert fresh == {
        "representation.power_of_attorney_new": FRESH_HIGH,
        "representation.power_of_attorney_create": FRESH_HIGH_TYPED,
        "representation.power_of_attorney_revoke": FRESH_HIGH,
        "consent.give": FRESH_HIGH,
        "consent.plan_consent_give": FRESH_HIGH_TYPED,
    }


def access_decided_outside_the_policy(module: str, source: str) -> list[str]:
    """Where a view module's source decides access itself: abort(403), abort(404) for an object,
    a rule of who may do what, or the modules those rules live in."""
    found = []
    area = ".".join(module.split(".")[:2])

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "abort" and node.args:
            status = getattr(node.args[0], "value", None)
            if status == 403 or (status == 404 and (area, function) not in NOT_FOUND_FOR_UNKNOWN_KEYS):
                found.append(f"{module}.{function}: abort({status})")
        if isinstance(node, ast.Attribute) and node.attr in RULE_NAMES:
            found.append(f"{module}.{function}: .{node.attr}")
        if isinstance(node, ast.Name) and node.id in RULE_NAMES:
            found.append(f"{module}.{function}: {node.id}")
        if isinstance(node, ast.ImportFrom):
            names = {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
            found.extend(f"{module}: imports {name}" for name in sorted(names & RULE_MODULES))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(source), "")
    return found


# The login itself: it is how a fresh login is proved, so it reads the login's age and level.
THE_LOGIN = {"app.auth.views", "app.staff.auth_views"}


def test_no_view_decides_access_but_through_the_policy(app):
    modules = {view.__module__ for _, view in _routes(app)} - THE_LOGIN
    assert "app.consent.sharing" in modules and "app.plan.goals" in modules  # the walk reaches the areas' modules
    offenders = []
    for module in sorted(modules):
        offenders += access_decided_outside_the_policy(module, Path(sys.modules[module].__file__).read_text())
    assert offenders == []


def test_the_scan_finds_what_the_views_used_to_do():
    """The shapes a view decided access by before the policy took them, each found."""
    source = """
from app.auth import step_up
from app import assurance_levels
def _owner_only():
    if actor().acting_for_someone:
        abort(403)
def power_of_attorney_list():
    may_grant = actor().can(Capability.REPRESENTATION_MANAGE)
def keep_private(goal_id):
    if not plans.may_keep_goals_private(acting, today()):
        abort(403)
def _recipient_or_404(participant_id):
    if found is None:
        abort(404)
def give():
    if not current.login_is_fresh(assurance_levels.HIGH, 2 * STEP_UP_MAX_AGE):
        return step_up.require_fresh_login(assurance_levels.HIGH, STEP_UP_MAX_AGE)
"""
    assert access_decided_outside_the_policy("app.consent.sharing", source) == [
        "app.consent.sharing: imports app.auth.step_up",
        "app.consent.sharing: imports app.assurance_levels",
        "app.consent.sharing._owner_only: abort(403)",
        "app.consent.sharing.power_of_attorney_list: .can",
        "app.consent.sharing.keep_private: .may_keep_goals_private",
        "app.consent.sharing.keep_private: abort(403)",
        "app.consent.sharing._recipient_or_404: abort(404)",
        "app.consent.sharing.give: .login_is_fresh",
        "app.consent.sharing.give: STEP_UP_MAX_AGE",
        "app.consent.sharing.give: .require_fresh_login",
        "app.consent.sharing.give: STEP_UP_MAX_AGE",
    ]
