"""The course's markup in each theme a course is likely to use, light and dark.

``tests/roots/course`` is built once per theme (alabaster, furo, pydata-sphinx-theme,
sphinx-book-theme and sphinx-immaterial: ``THEMES``) and its project-design page, which has a task
card with example tabs, a status banner, the authors line and a learning objectives
box, is opened in Chromium in light mode and, where the theme has one, dark mode (the
reader's system preference, which each of these themes follows). In each:

- every part is visible and its text readable: a contrast of at least 4.5:1 between
  the text and what is behind it (WCAG AA for body text);
- axe-core finds no serious or critical violation in the extension's markup;
- screenshots of the page's top, of the card and of the page's metadata are kept in
  ``test-artifacts/themes/`` (the reference pages in ``docs/`` show some of them).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import PageProblems, assert_no_problems, open_context, watch

pytestmark = pytest.mark.browser

COURSE = Path(__file__).resolve().parents[1] / "roots" / "course"

#: pydata-sphinx-theme (and sphinx-book-theme, built on it) writes its ``default_mode``
#: into the page as the initial mode; left unset it is empty, and the theme's own script
#: logs "Got invalid theme mode: ." as a console error on a reader's first visit (before
#: a mode is kept in local storage). That is the theme's, not the extension's: the test
#: sites set the mode the theme documents, "auto" (follow the reader's system).
PYDATA_MODE = 'html_context = {"default_mode": "auto"}\n'
#: sphinx-immaterial: its fonts come from a font service unless turned off (pages may
#: only reach the local server), and its palette follows the system with a light
#: ("default") and a dark ("slate") scheme, as a migrated mkdocs-material site has it.
IMMATERIAL = """extensions += ["sphinx_immaterial"]
html_theme = "sphinx_immaterial"
html_theme_options = {
    "font": False,
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default",
         "toggle": {"icon": "material/weather-night", "name": "Dark mode"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate",
         "toggle": {"icon": "material/weather-sunny", "name": "Light mode"}},
    ],
}
"""

#: Theme -> (conf.py lines added for it, has a dark mode that follows the system).
THEMES: dict[str, tuple[str, bool]] = {
    "alabaster": ('html_theme = "alabaster"\n', False),
    "furo": ('html_theme = "furo"\n', True),
    "pydata": ('html_theme = "pydata_sphinx_theme"\n' + PYDATA_MODE, True),
    "book": ('html_theme = "sphinx_book_theme"\n' + PYDATA_MODE, True),
    "immaterial": (IMMATERIAL, True),
}
CASES = [
    (theme, mode) for theme, (_, dark) in THEMES.items() for mode in ("light", "dark")[: 1 + dark]
]
PAGE = "project-design.html"

#: Each part of the extension's markup on the page, and the element whose text to read.
PARTS = {
    "card title": ".rri-task-card .rri-task-title",
    "part heading": ".rri-task-card .rri-part-title",
    "card text": ".rri-task-description p",
    "selected tab": ".rri-example-tabs [role=tab][aria-selected=true]",
    "other tab": ".rri-example-tabs [role=tab][aria-selected=false]",
    "tab panel": ".rri-example-tabs [role=tabpanel]:not([hidden]) p",
    "status banner": ".rri-status-banner p:last-child",
    "authors line": ".rri-page-meta",
    "objectives title": ".rri-learning-objectives .admonition-title",
    "objective": ".rri-learning-objectives li p",
}
OURS = ".rri-task-card, .rri-status-banner, .rri-page-meta, .rri-learning-objectives"

_COLOURS = """selector => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const parse = c => {
    const v = (c.match(/[\\d.]+/g) || []).map(Number);
    return v.length >= 3 ? [v[0], v[1], v[2], v.length > 3 ? v[3] : 1] : [0, 0, 0, 0];
  };
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let rgb = [255, 255, 255];
  for (const [r, g, b, a] of layers.reverse()) {
    rgb = [r * a + rgb[0] * (1 - a), g * a + rgb[1] * (1 - a), b * a + rgb[2] * (1 - a)];
  }
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {colour: style.color, background: `rgb(${rgb.map(Math.round).join(',')})`,
          visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
                   && parseFloat(style.opacity || '1') > 0.5,
          text: el.textContent.trim().slice(0, 80)};
}"""

#: axe runs without its CSSOM preload: that fetches each stylesheet again and resolves an
#: ``@import`` in it against the page's address instead of the stylesheet's, so
#: pydata-sphinx-theme's ``_static/styles/theme.css`` (``@import "../basic.css"``) made
#: it request ``basic.css`` beside the page, a 404 that was neither the theme's nor ours.
#: The preload serves only the rule about screen orientation locks, which the
#: extension's CSS does not touch.
_RUN_AXE = """async selector => {
  const result = await axe.run({include: [...document.querySelectorAll(selector)]},
                               {resultTypes: ['violations'], preload: false});
  return result.violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').slice(0, 200))}));
}"""


def _luminance(colour: str) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (float(v) for v in re.findall(r"[\d.]+", colour)[:3])
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def themed_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The course built once per theme; returns theme -> output folder."""
    sites = {}
    for theme, (conf, _dark) in THEMES.items():
        root = tmp_path_factory.mktemp(f"theme-{theme}")
        src, out = root / "src", root / "html"
        shutil.copytree(COURSE, src)
        with (src / "conf.py").open("a", encoding="utf-8") as handle:
            handle.write("\n" + conf)
        warnings = root / "warnings.txt"
        # In a process of its own: sphinx-immaterial starts a multiprocessing manager when
        # it is set up, a child forked from this process, which would inherit the pipes
        # to Playwright's driver if the build ran here; Playwright then waited for ever
        # for its driver to stop at the end of a run with a failing test.
        command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html"]
        run = subprocess.run(
            [*command, "-w", str(warnings), str(src), str(out)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if run.returncode != 0:
            pytest.fail(
                f"the course did not build with {theme} (status {run.returncode}):\n"
                + (warnings.read_text(encoding="utf-8") if warnings.exists() else "")
                + run.stderr[-3000:],
                pytrace=False,
            )
        sites[theme] = out
    return sites


@pytest.fixture(scope="module")
def theme_server(themed_sites: dict[str, Path]) -> Any:
    import functools
    import http.server
    import threading

    from .conftest import _QuietHandler

    parent = next(iter(themed_sites.values())).parent.parent
    handler = functools.partial(_QuietHandler, directory=str(parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.mark.parametrize(("theme", "mode"), CASES)
def test_extension_markup_is_readable_in_the_theme(
    chromium: Any,
    theme_server: str,
    themed_sites: dict[str, Path],
    axe_source: str,
    artifacts_dir: Path,
    theme: str,
    mode: str,
) -> None:
    site = themed_sites[theme]
    base = theme_server + site.relative_to(site.parent.parent).as_posix() + "/"
    problems = PageProblems()
    context = open_context(chromium, theme_server, problems, color_scheme=mode)
    try:
        page = watch(context.new_page(), problems)
        page.set_default_timeout(15_000)
        page.goto(base + PAGE)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # themes that switch the scheme by script
        body = page.evaluate(_COLOURS, "body")
        if mode == "dark":
            assert _luminance(body["background"]) < 0.2, f"{theme} did not go dark: {body}"
        low = []
        for part, selector in PARTS.items():
            found = page.evaluate(_COLOURS, selector)
            assert found is not None, f"{theme} ({mode}): no {part} ({selector})"
            assert found["visible"], f"{theme} ({mode}): the {part} is not visible"
            ratio = contrast(found["colour"], found["background"])
            if ratio < 4.5:
                low.append(f"{part}: {ratio:.2f} ({found['colour']} on {found['background']})")
        shots = artifacts_dir / "themes"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"{theme}-{mode}.png"))
        page.locator(".rri-task-card").first.screenshot(
            path=str(shots / f"{theme}-{mode}-card.png")
        )
        # The page's metadata, from the banner to the objectives box (the docs show it).
        top = page.locator(".rri-status-banner").first.bounding_box()
        bottom = page.locator(".rri-learning-objectives").first.bounding_box()
        assert top and bottom and bottom["y"] > top["y"], (top, bottom)
        page.screenshot(
            path=str(shots / f"{theme}-{mode}-metadata.png"),
            clip={
                "x": top["x"] - 8,
                "y": top["y"] - 8,
                "width": max(top["width"], bottom["width"]) + 16,
                "height": bottom["y"] + bottom["height"] - top["y"] + 16,
            },
        )
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(_RUN_AXE, OURS)
        failing = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert low == [], f"{theme} ({mode}): text below 4.5:1 contrast: {low}"
        assert failing == [], f"{theme} ({mode}): axe in the extension's markup: {failing}"
        assert_no_problems(problems)
    finally:
        context.close()
