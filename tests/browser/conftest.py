"""Fixtures for the real-browser tests: the course, built and served, and Chromium.

The course in ``content/`` is copied to a temporary folder and built to HTML once per
session, served by ``http.server`` on 127.0.0.1 (an ephemeral port, in a background
thread), and opened in Debian's Chromium driven by Playwright. Nothing here downloads a
browser: Chromium is the system one (``/usr/bin/chromium``, installed by
``.ci/install-browser``; ``RRI_CHROMIUM`` names another binary). A missing browser, or a
missing ``playwright`` or ``axe-playwright-python`` package, FAILS the tests with a
message that says what to install; it never skips them.

Every page a test opens may only fetch from the local server: any other request is
aborted and fails the test, and so does a script error on the page.

Artifacts (screenshots, the axe results) go to ``test-artifacts/`` at the repository
root, or to the folder named by ``RRI_ARTIFACTS``.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sphinx.cmd.build import build_main

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
CHROMIUM = os.environ.get("RRI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    path = Path(os.environ.get("RRI_ARTIFACTS") or REPO / "test-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def built_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course, built once with the html builder; returns the output folder."""
    root = tmp_path_factory.mktemp("browser-course")
    src = root / "src"
    out = root / "html"
    shutil.copytree(CONTENT, src, ignore=shutil.ignore_patterns("_build"))
    warnings = root / "warnings.txt"
    status = build_main(["-q", "-b", "html", "-w", str(warnings), str(src), str(out)])
    if status != 0:
        pytest.fail(
            f"the course did not build (status {status}):\n"
            + (warnings.read_text(encoding="utf-8") if warnings.exists() else ""),
            pytrace=False,
        )
    return out


@pytest.fixture(scope="session")
def base_url(built_course: Path) -> Iterator[str]:
    """The built course served on 127.0.0.1 at an ephemeral port."""
    handler = functools.partial(_QuietHandler, directory=str(built_course))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="course-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, launched through Playwright."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is missing: no executable at {CHROMIUM}. The browser tests need "
            "Debian's Chromium: run `bash .ci/install-browser` (apt-get install chromium) "
            "or set RRI_CHROMIUM to a Chromium binary.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        pytest.fail(
            f"the Python package playwright is missing ({error}): "
            "`pip install playwright` (its wheel ships the driver; no browser download).",
            pytrace=False,
        )
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as error:
        manager.stop()
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {error}", pytrace=False)
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()


@dataclass
class PageProblems:
    """What went wrong on a page beyond the test's own assertions."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def open_context(browser: Any, base_url: str, problems: PageProblems, **options: Any) -> Any:
    """A fresh browser context (own storage) that may only reach the local server."""
    context = browser.new_context(viewport=VIEWPORT, **options)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(base_url) or url.startswith(("data:", "about:", "blob:")):
            route.continue_()
        else:
            problems.outside.append(url)
            route.abort()

    context.route("**/*", route)
    return context


def watch(page: Any, problems: PageProblems) -> Any:
    page.on("pageerror", lambda error: problems.errors.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.errors.append(f"console {message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.failed.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    return page


def assert_no_problems(problems: PageProblems) -> None:
    assert not problems.outside, f"pages tried to reach other hosts: {problems.outside}"
    assert not problems.errors, "script errors on the page:\n" + "\n".join(problems.errors)
    assert not problems.failed, "requests that failed:\n" + "\n".join(problems.failed)


@pytest.fixture
def browser_context(chromium: Any, base_url: str) -> Iterator[tuple[Any, PageProblems]]:
    """A light-mode context; tests that need another colour scheme make their own."""
    problems = PageProblems()
    context = open_context(chromium, base_url, problems, color_scheme="light")
    try:
        yield context, problems
    finally:
        context.close()


@pytest.fixture
def page(browser_context: tuple[Any, PageProblems]) -> Iterator[Any]:
    """A page in a fresh light-mode context; fails the test on script errors."""
    context, problems = browser_context
    page = watch(context.new_page(), problems)
    page.set_default_timeout(10_000)
    yield page
    assert_no_problems(problems)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's ``axe.min.js``, as shipped inside the axe-playwright-python wheel."""
    try:
        from importlib.resources import files

        return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError) as error:
        pytest.fail(
            f"axe-core is missing ({error}): `pip install axe-playwright-python`, whose wheel "
            "ships axe.min.js.",
            pytrace=False,
        )


# -- axe results, collected across tests and summarised at the end of the run -------------

_AXE_KEY = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def axe_log(request: pytest.FixtureRequest, artifacts_dir: Path) -> Iterator[list]:
    """Where the axe tests put every violation they saw (also written as JSON)."""
    log: list = []
    request.config.stash[_AXE_KEY] = log
    yield log
    (artifacts_dir / "axe-violations.json").write_text(
        json.dumps(log, indent=2, sort_keys=True), encoding="utf-8"
    )


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    log = config.stash.get(_AXE_KEY, None)
    if log is None:
        return
    terminalreporter.section("axe-core violations (all impacts)")
    if not log:
        terminalreporter.write_line("none")
        return
    counts: dict[str, int] = {}
    for entry in log:
        counts[entry["impact"]] = counts.get(entry["impact"], 0) + 1
    terminalreporter.write_line(
        "by impact: " + ", ".join(f"{impact} {n}" for impact, n in sorted(counts.items()))
    )
    for entry in log:
        source = f" [{entry['source']}]" if entry.get("source") else ""
        terminalreporter.write_line(
            f"{entry['page']} ({entry['mode']}): {entry['impact']} {entry['rule']} "
            f"x{len(entry['targets'])} {entry['targets'][:3]}{source}"
        )
