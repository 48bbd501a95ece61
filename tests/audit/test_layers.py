"""Services are use cases a command or a job can call without a request, and views leave the
transaction and the audit log to them."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
SERVICES = sorted(p for p in (APP / "services").glob("*.py") if p.name != "__init__.py")
ROUTE_DECORATORS = {"get", "post", "put", "patch", "delete", "route"}
# What only a service may do: end the transaction, forget what the session read, write the audit log.
VIEW_MAY_NOT_CALL = {"commit", "rollback", "expire_all", "expire", "record", "record_read"}


def _module_names() -> list[str]:
    return [f"app.services.{p.stem}" for p in SERVICES]


def test_every_service_imports_with_flask_unavailable():
    """Imported in a fresh interpreter in which Flask and its extensions cannot be imported (the
    `app` package's own __init__, the web app's factory, is skipped the same way)."""
    script = textwrap.dedent(f"""
        import importlib, importlib.abc, sys, types

        class NoFlask(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                top = name.split(".")[0]
                if top in ("flask", "werkzeug") or top.startswith("flask_"):
                    raise ImportError(f"{{name}} is not for services")
                return None

        sys.meta_path.insert(0, NoFlask())
        package = types.ModuleType("app")
        package.__path__ = [{str(APP)!r}]
        sys.modules["app"] = package
        failed = []
        for name in {_module_names()!r}:
            try:
                importlib.import_module(name)
            except ImportError as error:
                failed.append(f"{{name}}: {{error}}")
        print("\\n".join(failed))
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def _imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_no_service_imports_flask_even_inside_a_function():
    """The import test sees what a module imports when loaded; this sees every import statement."""
    offending = {}
    for path in SERVICES:
        names = {
            n
            for n in _imports(ast.parse(path.read_text()))
            if n.split(".")[0] in ("flask", "werkzeug") or n.split(".")[0].startswith("flask_")
        }
        if names:
            offending[path.stem] = sorted(names)
    assert offending == {}


def _view_modules() -> list[Path]:
    views = []
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in ROUTE_DECORATORS
                for d in node.decorator_list
            ):
                views.append(path)
                break
    return views


def test_the_view_scan_finds_the_views():
    names = {str(p.relative_to(APP)) for p in _view_modules()}
    assert {"plan/goals.py", "consent/sharing.py", "wizard/views.py", "representation/views.py"} <= names


def test_no_view_commits_rolls_back_expires_or_writes_the_audit_log():
    offending = []
    for path in _view_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in VIEW_MAY_NOT_CALL
            ):
                offending.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}(")
            if isinstance(node, ast.ImportFrom) and node.module == "app.services.audit":
                offending.append(f"{path.relative_to(ROOT)}:{node.lineno} imports from app.services.audit")
    assert offending == []
