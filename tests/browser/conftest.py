"""A real browser against a real server: headless Chromium (Debian's) through Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `.ci/run` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context_factory(browser):
    contexts = []

    def make(javascript: bool = True, locale: str = "nb-NO", width: int = 1280, height: int = 900):
        context = browser.new_context(
            java_script_enabled=javascript, locale=locale, viewport={"width": width, "height": height}
        )
        # Waits, not timings: two test workers and a browser share two cores, so a page can be slow.
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(context_factory):
    return context_factory().new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return (ROOT / "app" / "static" / "vendor" / "axe" / "axe.min.js").read_text()


def run_axe(page, axe_source: str) -> list[dict]:
    """axe-core's violations for the page. Injected by evaluation, so the page's CSP stays strict."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_menu(page) -> None:
    """Open the header's menu (languages, who is logged in, the way out), as a person presses it."""
    if page.locator(".site-menu[open]").count() == 0:
        page.locator(".site-menu > summary").click()
    page.wait_for_selector(".site-menu[open] .site-menu__panel", state="visible")


def set_preferences(page, base_url: str, locale: str, easy_read: bool) -> None:
    """Choose language and mode the way a person does: with the forms in the header."""
    page.goto(base_url + "/")
    open_menu(page)
    page.locator(f'.language-switcher button[value="{locale}"]').click()
    page.wait_for_load_state()
    if easy_read:
        page.locator(".easy-read-toggle button").click()
        page.wait_for_selector("html.easy-read")
