"""The built course in a real browser: tabs, key concepts, links, axe-core, screenshots.

These tests drive Debian's Chromium through Playwright against the course in
``content/``, built and served on 127.0.0.1 by the fixtures in ``conftest.py``. They
check what a keyboard or screen-reader user meets: example tabs that switch by click and
by keyboard with a visible focus ring, key-concept boxes that open and close, next-steps
and ``{rri:task}`` links that land where they say, and an axe-core scan of every kind of
page. Screenshots of a task card in light and dark mode are written as artifacts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import PageProblems, assert_no_problems, open_context, watch

pytestmark = pytest.mark.browser

#: Two of the three stage pages (model-development.md has the same structure).
STAGE_PAGES = ["project-design.html", "system-deployment.html"]


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def keyboard_focus(page: Any, target: Any) -> None:
    """Put focus on ``target`` the way a keyboard user does: Tab into it.

    Focus goes to the element, back to the one before it with Shift+Tab, and forward
    again with Tab, so that the final focus comes from the keyboard and ``:focus-visible``
    applies as it does for a real keyboard user.
    """
    target.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(target).to_be_focused()


_SCROLL_SETTLED = """() => new Promise(resolve => {
  let last = -1, still = 0;
  const tick = () => {
    if (scrollY === last) { if (++still >= 5) return resolve(true); }
    else { still = 0; last = scrollY; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  setTimeout(() => resolve(false), 3000);
})"""


_NO_SMOOTH_SCROLLING = """document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = 'html { scroll-behavior: auto !important; }';
  document.head.append(style);
});"""


def wait_for_scrolling(page: Any) -> None:
    """Wait until the page stops scrolling (furo scrolls to a #fragment smoothly).

    A fragment navigation started while a smooth scroll is still running can be lost, and
    a card checked mid-scroll may not be in the viewport yet.
    """
    assert page.evaluate(_SCROLL_SETTLED), "the page kept scrolling for 3 seconds"


_FOCUS_STYLE = """el => {
  const s = getComputedStyle(el);
  return {focusVisible: el.matches(':focus-visible'), outlineStyle: s.outlineStyle,
          outlineWidth: s.outlineWidth, outlineColor: s.outlineColor, boxShadow: s.boxShadow};
}"""


def _transparent(colour: str) -> bool:
    return colour == "transparent" or bool(re.search(r"rgba\(.*,\s*0\)$", colour))


def assert_focus_visible(target: Any, what: str) -> None:
    """The focused element shows a focus ring: an outline or a box shadow."""
    style = target.evaluate(_FOCUS_STYLE)
    assert style["focusVisible"], f"{what}: keyboard focus does not match :focus-visible"
    outline = (
        style["outlineStyle"] != "none"
        and float(style["outlineWidth"].removesuffix("px") or 0) > 0
        and not _transparent(style["outlineColor"])
    )
    shadow = style["boxShadow"] not in ("", "none")
    assert outline or shadow, f"{what}: no visible focus indicator when focused: {style}"


def assert_selected(page: Any, tabs: Any, selected: int) -> None:
    """Exactly tab ``selected`` is selected, and only its panel is shown."""
    for index in range(tabs.count()):
        tab = tabs.nth(index)
        panel = page.locator(f"#{tab.get_attribute('aria-controls')}")
        expect(panel).to_have_attribute("role", "tabpanel")
        expect(panel).to_have_attribute("aria-labelledby", tab.get_attribute("id"))
        if index == selected:
            expect(tab).to_have_attribute("aria-selected", "true")
            assert panel.get_attribute("hidden") is None, f"panel {index} is still hidden"
            expect(panel).to_be_visible()
        else:
            expect(tab).to_have_attribute("aria-selected", "false")
            assert panel.get_attribute("hidden") is not None, f"panel {index} is not hidden"
            expect(panel).to_be_hidden()


# -- Tabs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", STAGE_PAGES)
def test_example_tabs_switch_by_click(page: Any, base_url: str, doc: str) -> None:
    page.goto(base_url + doc)
    tablists = page.locator(".rri-example-tabs > [role=tablist]")
    assert tablists.count() == 4, "each stage page has four task cards, each with tabs"
    for number in range(tablists.count()):
        tabs = tablists.nth(number).get_by_role("tab")
        assert tabs.count() >= 2
        assert_selected(page, tabs, 0)
        for index in [*range(1, tabs.count()), 0]:
            tabs.nth(index).click()
            assert_selected(page, tabs, index)


def test_example_tabs_switch_by_keyboard_with_visible_focus(
    page: Any, base_url: str, artifacts_dir: Path
) -> None:
    """Arrow keys move focus between tabs (wrapping round); Enter or Space selects.

    sphinx-tabs implements the WAI-ARIA tabs pattern with manual activation: Left and
    Right move focus along the tablist (a roving tabindex) and do not change the
    selection; Enter or Space on the focused tab selects it and shows its panel.
    """
    page.goto(base_url + "system-deployment.html")
    tablists = page.locator(".rri-example-tabs > [role=tablist]")
    assert tablists.count() == 4
    for number in range(tablists.count()):
        tabs = tablists.nth(number).get_by_role("tab")
        last = tabs.count() - 1
        keyboard_focus(page, tabs.nth(0))
        assert_focus_visible(tabs.nth(0), f"tablist {number}, first tab")

        page.keyboard.press("ArrowRight")
        expect(tabs.nth(1)).to_be_focused()
        expect(tabs.nth(1)).to_have_attribute("tabindex", "0")
        expect(tabs.nth(0)).to_have_attribute("tabindex", "-1")
        assert_focus_visible(tabs.nth(1), f"tablist {number}, tab reached with ArrowRight")
        if number == 0:
            tablists.nth(0).screenshot(path=str(artifacts_dir / "tab-focus-light.png"))
        assert_selected(page, tabs, 0)  # moving focus alone does not select
        page.keyboard.press("Enter")
        assert_selected(page, tabs, 1)
        expect(tabs.nth(1)).to_be_focused()

        # Tab leaves the tablist for the panel that is shown (hidden ones are skipped).
        page.keyboard.press("Tab")
        panel = page.locator(f"#{tabs.nth(1).get_attribute('aria-controls')}")
        expect(panel).to_be_focused()
        assert_focus_visible(panel, f"tablist {number}, panel reached with Tab")
        page.keyboard.press("Shift+Tab")
        expect(tabs.nth(1)).to_be_focused()

        page.keyboard.press("ArrowLeft")
        expect(tabs.nth(0)).to_be_focused()
        page.keyboard.press("Space")
        assert_selected(page, tabs, 0)

        page.keyboard.press("ArrowLeft")  # wraps round to the last tab
        expect(tabs.nth(last)).to_be_focused()
        page.keyboard.press("Enter")
        assert_selected(page, tabs, last)
        page.keyboard.press("ArrowRight")  # and back round to the first
        expect(tabs.nth(0)).to_be_focused()
        page.keyboard.press("Enter")
        assert_selected(page, tabs, 0)


# -- Key concepts --------------------------------------------------------------------------


def _key_concepts(page: Any, base_url: str) -> Any:
    page.goto(base_url + "system-deployment.html")
    boxes = page.locator("details.rri-key-concept")
    assert boxes.count() == 2, "system-deployment.md has two key-concept boxes"
    return boxes


def _assert_open(box: Any, is_open: bool) -> None:
    body = box.locator(":scope > .rri-key-concept-body")
    assert box.evaluate("el => el.open") is is_open
    if is_open:
        expect(body).to_be_visible()
    else:
        expect(body).to_be_hidden()


def test_key_concept_opens_and_closes_by_click(page: Any, base_url: str) -> None:
    boxes = _key_concepts(page, base_url)
    for index in range(boxes.count()):
        box = boxes.nth(index)
        summary = box.locator(":scope > summary")
        expect(summary).to_have_text(re.compile(r"^What is "))
        _assert_open(box, False)  # no :open: in the course: closed at first
        summary.click()
        _assert_open(box, True)
        summary.click()
        _assert_open(box, False)


def test_key_concept_opens_and_closes_by_keyboard(
    page: Any, base_url: str, artifacts_dir: Path
) -> None:
    boxes = _key_concepts(page, base_url)
    for index in range(boxes.count()):
        box = boxes.nth(index)
        summary = box.locator(":scope > summary")
        keyboard_focus(page, summary)
        assert_focus_visible(summary, f"key-concept {index} summary")
        if index == 0:
            box.screenshot(path=str(artifacts_dir / "key-concept-focus-light.png"))
        page.keyboard.press("Enter")
        _assert_open(box, True)
        page.keyboard.press("Space")
        _assert_open(box, False)
        page.keyboard.press("Space")
        _assert_open(box, True)
        page.keyboard.press("Enter")
        _assert_open(box, False)
        expect(summary).to_be_focused()


# -- Links ---------------------------------------------------------------------------------


def test_next_steps_fairness_link_goes_to_fairness(page: Any, base_url: str) -> None:
    page.goto(base_url + "system-deployment.html")
    block = page.locator(".rri-next-steps")
    expect(block).to_have_count(1)
    expect(block.locator(".rri-choose")).to_have_text("Complete at least 1 of these:")
    link = block.get_by_role("link", name="Fairness", exact=True)
    expect(link).to_have_count(1)
    link.click()
    page.wait_for_url(base_url + "fairness.html")
    expect(page).to_have_title(re.compile(r"^Fairness\b"))
    expect(page.locator("h1")).to_have_text(re.compile(r"^Fairness\W*$"))


def test_next_steps_every_step_links_to_its_principle_module(page: Any, base_url: str) -> None:
    page.goto(base_url + "system-deployment.html")
    steps = page.locator(".rri-next-steps li.rri-step")
    titles = [t.strip() for t in steps.locator(".rri-step-title > :first-child").all_inner_texts()]
    assert titles == [
        "Sustainability",
        "Accountability",
        "Fairness",
        "Explainability",
        "Data Quality, Integrity, Privacy and Protection",
    ]
    # All five SAFE-D modules are written: no step is shown as coming soon. (How an
    # unavailable step renders is checked on the test projects in test_builders.py.)
    expect(page.locator(".rri-next-steps li.rri-step-unavailable")).to_have_count(0)
    expect(page.locator(".rri-next-steps .rri-step-status")).to_have_count(0)
    targets = []
    for index in range(steps.count()):
        link = steps.nth(index).locator(".rri-step-title a")
        expect(link).to_have_count(1)
        targets.append((link.inner_text().strip(), link.get_attribute("href")))
    assert targets == [
        ("Sustainability", "sustainability.html"),
        ("Accountability", "accountability.html"),
        ("Fairness", "fairness.html"),
        ("Explainability", "explainability.html"),
        (
            "Data Quality, Integrity, Privacy and Protection",
            "data-quality-and-protection.html",
        ),
    ]
    for title, href in targets:
        page.goto(base_url + "system-deployment.html")
        page.locator(".rri-next-steps").get_by_role("link", name=title, exact=True).click()
        page.wait_for_url(base_url + href)
        expect(page.locator("h1")).to_have_text(re.compile(rf"^{re.escape(title)}\W*$"))


@pytest.mark.parametrize("doc", ["overview.html", "system-deployment.html"])
def test_task_role_links_land_on_the_task_card(page: Any, base_url: str, doc: str) -> None:
    """Every ``{rri:task}`` link lands on its card (``#task-<id>``), titled as the link.

    The first link to each page is clicked, as a reader does; the others to the same page
    are followed from there, which is the same navigation without reloading the page.
    Smooth scrolling (furo's, and not what is tested here) is turned off to save time.
    """
    page.context.add_init_script(_NO_SMOOTH_SCROLLING)
    page.goto(base_url + doc)
    links = page.locator("a.reference.internal:has(> .rri-task)")
    found = [(link.inner_text().strip(), link.get_attribute("href") or "") for link in links.all()]
    assert len(found) >= 3, f"{doc} has {{rri:task}} links"
    clicked: set[str] = set()
    for index, (text, href) in enumerate(found):
        match = re.fullmatch(r"([a-z0-9-]+\.html)?#(task-[a-z0-9-]+)", href)
        assert match, f"{{rri:task}} link {text!r} does not point at a task anchor: {href!r}"
        target_doc, anchor = match.group(1) or doc, match.group(2)
        if target_doc not in clicked:
            page.goto(base_url + doc)
            links.nth(index).click()
            clicked.add(target_doc)
        else:
            page.goto(base_url + target_doc + "#" + anchor)
        page.wait_for_url(base_url + target_doc + "#" + anchor)
        wait_for_scrolling(page)
        card = page.locator(f"[id='{anchor}']")
        expect(card).to_have_count(1)
        expect(card).to_have_class(re.compile(r"\brri-task-card\b"))
        expect(card.locator(":scope > .rri-task-title")).to_have_text(
            re.compile(rf"^{re.escape(text)}\W*$")
        )
        expect(card).to_be_in_viewport()
        assert card.evaluate("el => el.matches(':target')"), f"#{anchor} is not the :target"


# -- Every page loads cleanly --------------------------------------------------------------


def test_every_page_loads_without_errors_or_outside_requests(
    page: Any, base_url: str, built_course: Path
) -> None:
    """No script errors, no 4xx/5xx and no request beyond the local server on any page."""
    pages = sorted(p.relative_to(built_course).as_posix() for p in built_course.rglob("*.html"))
    assert "system-deployment.html" in pages and "engagement/planning.html" in pages
    for name in pages:
        response = page.goto(base_url + name)
        assert response is not None and response.ok, f"{name}: {response and response.status}"
        page.wait_for_load_state("load")
    # The page fixture checks the collected errors, failed and outside requests.


# -- axe-core ------------------------------------------------------------------------------

#: Every kind of page the course has.
AXE_PAGES = [
    "index.html",  # the landing page: front matter, learning objectives, toctree
    "overview.html",  # prose with {rri:task} links in a definition list
    "project-design.html",  # a stage page: task cards, tabs, human-factors
    "system-deployment.html",  # a stage page with key concepts, gaps and next-steps
    "gap-report.html",  # the gap report tables
    "fairness.html",  # a principle page
    "engagement/planning.html",  # the second track: per-card domains, not applicable
    "rri-index.html",  # the domain's task index
    "genindex.html",
    "search.html",
]

#: What furo's theme switch stores when a reader picks dark (furo then sets
#: body[data-theme=dark] whatever the system preference).
_FURO_DARK = "try { localStorage.setItem('theme', 'dark'); } catch (e) {}"

#: Colour modes: the reader's system preference, and furo's own theme switch.
AXE_MODES = {
    "light": ({"color_scheme": "light"}, None),
    "dark": ({"color_scheme": "dark"}, None),
    "furo-dark": ({"color_scheme": "light"}, _FURO_DARK),
}

FAILING_IMPACTS = {"serious", "critical"}

#: Violations that furo itself produces, outside anything sphinx-rri writes. They are all
#: "moderate" (so they do not fail the scan) and are labelled in the report as the theme's:
#: - region: furo's "View this page" link text (span.visually-hidden in .content-icon-container)
#:   sits outside every landmark.
#: - landmark-unique: furo has two <aside> landmarks (.sidebar-drawer, .toc-drawer) with no
#:   label to tell them apart.
#: - page-has-heading-one: furo's search page has no <h1>.
#: None of these is excluded from the scan; if one ever became serious or critical the test
#: would fail, and it should then be excluded here, by rule id AND theme selector, with why.
THEME_ISSUES = {
    "region": ".visually-hidden",
    "landmark-unique": ".sidebar-drawer, .toc-drawer",
    "page-has-heading-one": "html",
}
THEME_EXCLUSIONS: dict[str, str] = {}  # rule id -> theme selector; empty: nothing excluded

#: A node is ours when it is, or is inside, markup that sphinx-rri writes.
OUR_MARKUP = "[class*='rri-'], .sphinx-tabs, details.rri-key-concept"

_RUN_AXE = """async ([context, ours]) => {
  const result = await axe.run(context, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => {
      const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
      return {target: n.target.join(' '), html: n.html.slice(0, 300),
              ours: !!(el && el.closest(ours)),
              summary: (n.failureSummary || '').slice(0, 400)};
    }),
  }));
}"""

_SELECT_NTH_TABS = """n => {
  let any = false;
  document.querySelectorAll('.rri-example-tabs > [role=tablist]').forEach(list => {
    const tabs = list.querySelectorAll('[role=tab]');
    if (tabs.length > n) { tabs[n].click(); any = true; }
  });
  return any;
}"""


def _matches(page: Any, target: str, selector: str) -> bool:
    return bool(
        page.evaluate(
            "([t, s]) => { const e = document.querySelector(t); return !!(e && e.matches(s)); }",
            [target, selector],
        )
    )


#: Every page in light mode; the pages that hold sphinx-rri markup also in dark mode (the
#: reader's preference), and a stage page with furo's own dark switch, which our CSS and
#: sphinx-tabs' CSS style through other selectors.
OUR_PAGES = [
    "overview.html",
    "project-design.html",
    "system-deployment.html",
    "gap-report.html",
    "rri-index.html",
]
AXE_CASES = [
    *[(doc, "light") for doc in AXE_PAGES],
    *[(doc, "dark") for doc in OUR_PAGES],
    ("system-deployment.html", "furo-dark"),
]


@pytest.mark.parametrize(("doc", "mode"), AXE_CASES)
def test_axe_finds_no_serious_or_critical_violations(
    chromium: Any, base_url: str, axe_source: str, axe_log: list, doc: str, mode: str
) -> None:
    """axe-core on a page, with key concepts open and then with each other tab shown.

    Fails on any serious or critical violation (none is excluded: see THEME_EXCLUSIONS),
    and on a violation of any impact in markup that sphinx-rri writes. Every violation is
    printed, listed at the end of the run and written to axe-violations.json.
    """
    options, init_script = AXE_MODES[mode]
    problems = PageProblems()
    context = open_context(chromium, base_url, problems, **options)
    try:
        if init_script:
            context.add_init_script(init_script)
        page = watch(context.new_page(), problems)
        page.goto(base_url + doc)
        page.wait_for_load_state("load")
        if mode == "furo-dark":
            assert page.evaluate("document.body.dataset.theme") == "dark"
        page.add_script_tag(content=axe_source)
        # Open every key concept so that its body is scanned too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        scans = [("page", page.evaluate(_RUN_AXE, [{"exclude": []}, OUR_MARKUP]))]
        # Then show every other tab in turn and scan the example tabs again.
        position = 1
        while page.evaluate(_SELECT_NTH_TABS, position):
            context_spec = {"include": [[".rri-example-tabs"]]}
            scans.append((f"tab {position}", page.evaluate(_RUN_AXE, [context_spec, OUR_MARKUP])))
            position += 1

        failures = []
        for scan, violations in scans:
            for violation in violations:
                rule, impact = violation["rule"], violation["impact"]
                targets = [node["target"] for node in violation["nodes"]]
                theme = THEME_ISSUES.get(rule)
                theme_nodes = bool(theme) and all(_matches(page, t, theme) for t in targets)
                ours = [node for node in violation["nodes"] if node["ours"]]
                excluded = [
                    node
                    for node in violation["nodes"]
                    if rule in THEME_EXCLUSIONS
                    and not node["ours"]
                    and _matches(page, node["target"], THEME_EXCLUSIONS[rule])
                ]
                entry = {
                    "page": doc,
                    "mode": mode,
                    "scan": scan,
                    "rule": rule,
                    "impact": impact,
                    "help": violation["help"],
                    "targets": targets,
                    "ours": bool(ours),
                    "source": "sphinx-rri" if ours else "furo theme" if theme_nodes else "",
                    "nodes": violation["nodes"],
                }
                axe_log.append(entry)
                print(f"axe {doc} ({mode}, {scan}): {impact} {rule}: {violation['help']}")
                for node in violation["nodes"]:
                    print(f"    {node['target']}: {node['html'][:160]}")
                if ours:
                    failures.append(f"{impact} {rule} in sphinx-rri markup: {ours}")
                elif impact in FAILING_IMPACTS and len(excluded) < len(violation["nodes"]):
                    failures.append(f"{impact} {rule}: {violation['nodes']}")
        assert not failures, f"axe on {doc} ({mode}):\n" + "\n".join(failures)
        assert_no_problems(problems)
    finally:
        context.close()


# -- Screenshots ---------------------------------------------------------------------------

SCREENSHOT_MODES = {
    "light": ({"color_scheme": "light"}, None),
    "dark": ({"color_scheme": "dark"}, None),
    "furo-dark-toggle": ({"color_scheme": "light"}, _FURO_DARK),
}

_COLOURS = """card => {
  const parse = c => {
    const v = (c.match(/[\\d.]+/g) || []).map(Number);
    return v.length >= 3 ? [v[0], v[1], v[2], v.length > 3 ? v[3] : 1] : [0, 0, 0, 0];
  };
  // The colour behind an element: its own and its ancestors' backgrounds, composited.
  const background = el => {
    const layers = [];
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let rgb = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) {
      rgb = [r * a + rgb[0] * (1 - a), g * a + rgb[1] * (1 - a), b * a + rgb[2] * (1 - a)];
    }
    return `rgb(${rgb.map(Math.round).join(', ')})`;
  };
  const pick = sel => {
    const el = card.querySelector(sel);
    return el ? {colour: getComputedStyle(el).color, background: background(el)} : null;
  };
  return {
    card: {colour: getComputedStyle(card).color, background: background(card)},
    title: pick('.rri-task-title'),
    part: pick('.rri-part-title'),
    text: pick('.rri-task-description p'),
    tab: pick('[role=tab][aria-selected=true]'),
    other_tab: pick('[role=tab][aria-selected=false]'),
    panel: pick('[role=tabpanel]:not([hidden]) p'),
  };
}"""


def _rgb(text: str) -> tuple[float, float, float]:
    values = [float(v) for v in re.findall(r"[\d.]+", text)[:3]]
    return values[0], values[1], values[2]


def _luminance(text: str) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(text)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_task_card_screenshots_in_light_and_dark_mode(
    chromium: Any, base_url: str, artifacts_dir: Path
) -> None:
    """Write PNGs of a task card per colour mode; the card must read well in each.

    Every screenshot is written before anything is judged, so the pictures are there to
    look at when a check fails. The checks: the card follows the colour mode, its text
    and tabs have a contrast of at least 4.5:1 against what is behind them, and its text
    does not touch its border.
    """
    # The card with every kind of content: text, a list, human-factors, a key concept
    # (opened for the picture) and example tabs.
    card_id = "task-user-training"
    shots: dict[str, bytes] = {}
    problems_found: list[str] = []
    for mode, (options, init_script) in SCREENSHOT_MODES.items():
        problems = PageProblems()
        context = open_context(chromium, base_url, problems, **options)
        try:
            if init_script:
                context.add_init_script(init_script)
            page = watch(context.new_page(), problems)
            # No #fragment: the picture shows the card as a reader scrolling to it sees it,
            # without the theme's :target highlight.
            page.goto(f"{base_url}system-deployment.html")
            page.wait_for_load_state("load")
            card = page.locator(f"[id='{card_id}']")
            card.scroll_into_view_if_needed()
            expect(card).to_be_visible()
            # Show the key concept, if the card has one, so the picture has every part.
            card.locator("details.rri-key-concept").evaluate_all(
                "boxes => boxes.forEach(b => b.open = true)"
            )
            path = artifacts_dir / f"{card_id}-{mode}.png"
            path.unlink(missing_ok=True)
            card.screenshot(path=str(path), animations="disabled")
            data = path.read_bytes()
            assert data.startswith(b"\x89PNG\r\n\x1a\n"), f"{path} is not a PNG"
            shots[mode] = data

            colours = card.evaluate(_COLOURS)
            background = colours["card"]["background"]
            lum = _luminance(background)
            if (lum >= 0.1) if mode != "light" else (lum <= 0.8):
                problems_found.append(f"{mode}: card background {background} is not {mode}")
            for part, pair in colours.items():
                if pair is None:
                    continue
                ratio = _contrast(pair["colour"], pair["background"])
                if ratio < 4.5:
                    problems_found.append(
                        f"{mode}: {part} text {pair['colour']} on {pair['background']} has "
                        f"contrast {ratio:.2f} < 4.5"
                    )
            padding = card.evaluate(
                "el => { const s = getComputedStyle(el);"
                " return [parseFloat(s.paddingLeft), parseFloat(s.paddingRight)]; }"
            )
            if min(padding) < 8:
                problems_found.append(
                    f"{mode}: the card's text touches its border: padding left/right {padding}px"
                    " (furo-extensions.css `[role=main] .container {padding-left: 0;"
                    " padding-right: 0}` overrides `.rri-task-card`)"
                )
            assert_no_problems(problems)
        finally:
            context.close()
    assert shots["light"] != shots["dark"], "light and dark screenshots are the same picture"
    assert shots["light"] != shots["furo-dark-toggle"]
    assert not problems_found, "the task card does not read well:\n" + "\n".join(problems_found)
