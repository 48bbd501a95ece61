"""The domain is plain Python, and nothing in app/ imports inside a function to dodge a cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"

# Run in a fresh interpreter so nothing another test imported counts, with a finder that
# refuses Flask and its extensions outright: an import anywhere in the domain fails the run.
# `app` itself is the Flask application factory, so the package is entered without running its
# __init__: what is checked is what the domain's own modules import.
_WITHOUT_FLASK = """
import importlib, pkgutil, sys, types

package = types.ModuleType("app")
package.__path__ = ["app"]
sys.modules["app"] = package

class RefuseFlask:
    def find_spec(self, name, path=None, target=None):
        if name == "flask" or name.startswith(("flask.", "flask_", "werkzeug")):
            raise ImportError("the domain imported " + name)
        return None

sys.meta_path.insert(0, RefuseFlask())
import app.domain
for module in pkgutil.walk_packages(app.domain.__path__, "app.domain."):
    importlib.import_module(module.name)
loaded = sorted(name for name in sys.modules if name.startswith("app.domain"))
print(" ".join(loaded))
"""


def test_the_domain_imports_without_flask():
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_FLASK], capture_output=True, text=True, cwd=APP.parent, timeout=60
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert {
        "app.domain.actor",
        "app.domain.capabilities",
        "app.domain.clock",
        "app.domain.identity_numbers",
        "app.domain.rules",
    } <= loaded


def test_the_refusing_finder_does_refuse_flask():
    """The check above can fail: the same finder stops a module that imports Flask."""
    probe = _WITHOUT_FLASK.replace("import app.domain\n", "import app.domain\nimport app.policy\n", 1)
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=APP.parent, timeout=60)
    assert done.returncode == 1
    assert "ImportError: the domain imported flask" in done.stderr


def _imports_inside_functions(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found += [
                (inner.lineno, ast.unparse(inner))
                for inner in ast.walk(node)
                if isinstance(inner, (ast.Import, ast.ImportFrom))
            ]
    return sorted(set(found))


def test_no_module_in_app_imports_inside_a_function():
    """An import inside a function hides a cycle or a slow start instead of fixing it; every import is at the top."""
    offenders = {
        str(path.relative_to(APP.parent)): found
        for path in sorted(APP.rglob("*.py"))
        if (found := _imports_inside_functions(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_import_check_finds_an_import_inside_a_function():
    source = "def load():\n    from app.services import plans\n    return plans\n"
    assert _imports_inside_functions(source) == [(2, "from app.services import plans")]
