"""No word a reader sees in the mkdocs-material site is lost in the Sphinx site.

The sample is built twice: with mkdocs and Material for MkDocs (from PyPI, as its authors
build it) and, after migration, with Sphinx. For every page the words of the main article
are counted on both sides; every word must appear in the Sphinx page at least as often as
in the mkdocs page. Sphinx may add words (admonition and task-card labels, "coming soon"
notices): only losses fail.

What is left out of the count, and why:

- navigation, header, footer and sidebars: theme chrome, not the page (only the main
  ``article`` is read on both sides);
- permalink anchors (the pilcrow after each heading): theme chrome;
- footnote reference numbers, footnote labels and back-links: both sides number footnotes,
  but in their own order and style, so the digits would differ without any text being lost;
- icons: both sides draw them as SVG without text, so they never reach the count.

mkdocs-material prints ordinals with a superscript (``20<sup>th</sup>``), so its
superscripts are joined to the word they belong to before counting.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from migrate_helpers import SAMPLE_PAGES, mkdocs_build, require_sample

pytestmark = pytest.mark.mkdocs


def mkdocs_config(sample: Path) -> str:
    """A config that builds the sample's pages with its own Markdown extensions.

    The sample's mkdocs.yml inherits a file the sample does not ship and uses plugins
    (blog, glightbox...) and theme overrides that are not installed here. Those change
    the site around the pages, not the words in them, so they are left out. The
    ``markdown_extensions`` block is copied as text, so that its ``!!python/name`` tags
    reach mkdocs unchanged; ``materialx.emoji`` is the old name of the module that
    mkdocs-material now ships as ``material.extensions.emoji``.
    """
    text = (sample / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^markdown_extensions:\n(?:(?:[ #].*)?\n)+", text, re.M)
    assert block, "the sample's mkdocs.yml has no markdown_extensions"
    extensions = block.group(0).replace("materialx.emoji", "material.extensions.emoji")
    return "site_name: Sample\ntheme:\n  name: material\n" + extensions


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        import material  # noqa: F401
        import mkdocs  # noqa: F401
    except ImportError:
        pytest.fail(
            "mkdocs and mkdocs-material are test dependencies of the migration "
            "(pip install mkdocs-material)",
            pytrace=False,
        )
    sample = require_sample()
    work = tmp_path_factory.mktemp("mkdocs")
    # Snippets are read relative to where mkdocs runs, so the build runs in a copy.
    shutil.copytree(sample / "docs", work / "docs")
    shutil.copytree(sample / "includes", work / "includes")
    (work / "mkdocs.yml").write_text(mkdocs_config(sample), encoding="utf-8")
    mkdocs_build(work, work / "site")
    return work / "site"


def words(html: str, article: str, chrome: list[str], join_superscripts: bool) -> Counter[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one(article)
    assert main is not None, article
    for selector in chrome:
        for element in main.select(selector):
            element.decompose()
    if join_superscripts:
        for sup in main.select("sup"):
            sup.unwrap()
        main = BeautifulSoup(str(main), "html.parser")
    text = unicodedata.normalize("NFKC", main.get_text(" ")).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return Counter(re.findall(r"[^\W_]+", text))


def mkdocs_page(site: Path, page: str) -> Path:
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / stem[: -len("index")] / "index.html"
    return site / stem / "index.html"


@pytest.mark.parametrize("page", SAMPLE_PAGES)
def test_no_word_is_lost(page: str, mkdocs_site: Path, built_sample) -> None:  # type: ignore[no-untyped-def]
    sphinx_out, result = built_sample
    assert result.returncode == 0, result.stderr
    before = words(
        mkdocs_page(mkdocs_site, page).read_text(encoding="utf-8"),
        "article.md-content__inner",
        ["a.headerlink", "sup[id^=fnref]", "a.footnote-ref", "a.footnote-backref"],
        join_superscripts=True,
    )
    after = words(
        (sphinx_out / (page[: -len(".md")] + ".html")).read_text(encoding="utf-8"),
        "article[role=main]",
        ["a.headerlink", "a.footnote-reference", "span.label", "span.backrefs", "span.fn-bracket"],
        join_superscripts=False,
    )
    assert sum(before.values()) > 50, "the mkdocs page came out empty"
    lost = before - after
    assert not lost, f"words lost in {page}: {dict(lost)}"


# -- every case file, through mkdocs-material and through the migration -----------------

#: What must never show as text in a page the report calls "ok": mkdocs block syntax,
#: raw HTML or any tag shown escaped, icon shortcodes and roles that did not render,
#: footnote references, snippet markers, fences and attribute lists left over.
MARKUP_SHOWN = re.compile(
    r"^\s*(?:!!!|\?\?\?\+?|===)(?: |$)|^\s*:{3,}\{|<iframe|<video|\{raw\}"
    r"|:material-|:fontawesome-|:octicons-|:simple-"
    r"|\{(?:octicon|material-\w+|fas|far|fab|grid-item-card|dropdown|tab-item)\}"
    r"|\[\^|--8<--|\{:?\s*[.#][\w-]+[^{}]*\}|</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>",
    re.M,
)
CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize(
    "shown",
    [
        '!!! note "Title"',
        "??? question",
        '=== "Health care"',
        ":::{note}",
        "see <iframe src=x>",
        "{raw} html",
        "a :material-flask: icon",
        "{octicon}`clock` ten minutes",
        "a claim[^1]",
        '--8<-- "includes/terms.md"',
        "[Form](form.pdf){ .md-button }",
        "x<sup>2</sup>",
        '<div class="grid cards" markdown>',
        "<br>",
    ],
)
def test_markup_shown_as_text_is_caught(shown: str) -> None:
    assert MARKUP_SHOWN.search(f"Some prose.\n{shown}\nMore prose.")


@pytest.mark.parametrize("cls", ["rri-raw", "rri-raw-html"])
def test_raw_html_the_sandbox_shows_as_code_is_caught(cls: str) -> None:
    """The sandbox shows raw HTML as a code block, which the count of words leaves out:
    the block itself is what a reader sees as markup."""
    html = (
        '<article role="main"><p>Intro.</p><div class="' + cls + ' highlight"><pre>'
        "&lt;iframe src=x&gt;&lt;/iframe&gt;</pre></div></article>"
    )
    assert MARKUP_SHOWN.search(visible_text(html))
    assert not MARKUP_SHOWN.search(visible_text('<article role="main"><p>Intro.</p></article>'))


def test_prose_is_not_taken_for_markup() -> None:
    prose = "Risk is 3 < 4 and 5 > 2; a {braced} word, 10:30:00, a === b and x == y."
    assert MARKUP_SHOWN.findall(prose) == []


def case_site(root: Path) -> Path:
    """Every case file's input as one page of an mkdocs site (snippets at their names)."""
    from test_migrate_cases import ASSETS, read_case

    (root / "docs").mkdir(parents=True)
    for asset in ASSETS:
        (root / "docs" / asset).write_bytes(b"")
    for file in sorted(CASES.glob("*.md")):
        case = read_case(file)
        (root / "docs" / file.name).write_text(case.source, encoding="utf-8")
        for name, text in case.snippets.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    # Pages drawn by a template of the site's theme overrides: the template here only
    # draws the page as the default one does (what it adds is the template case's point).
    overrides = root / "overrides"
    overrides.mkdir()
    for name in sorted(set(re.findall(r"^template: *(\S+)", all_sources(), re.M))):
        (overrides / name).write_text('{% extends "main.html" %}\n', encoding="utf-8")
    config = mkdocs_config(require_sample()).replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n"
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def all_sources() -> str:
    from test_migrate_cases import read_case

    return "\n".join(read_case(file).source for file in sorted(CASES.glob("*.md")))


@pytest.fixture(scope="module")
def case_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object, str]:
    """(mkdocs output, Sphinx output, migration report, the build's warnings) for the site
    of all case files, built with ``-W --keep-going``."""
    from migrate_helpers import sphinx_build

    from sphinx_rri.migrate import migrate_site

    site = case_site(tmp_path_factory.mktemp("cases") / "site")
    mkdocs_build(site, site / "_out")
    dest = site.parent / "dest"
    report = migrate_site(site, dest, progress=False)
    built = sphinx_build(dest, site.parent / "html", "-W", "--keep-going")
    # With -W a warning fails the build (status 1) after every page is written; which
    # warnings there are, and that the report names each, is a test of its own.
    assert built.returncode in (0, 1) and "Traceback" not in built.stderr, built.stderr
    assert built.returncode == 0 or "WARNING" in built.stderr, built.stderr
    return site / "_out", site.parent / "html", report, built.stderr


def visible_text(html: str, article: str = "article[role=main]") -> str:
    """The main article's text outside code, with what the sandbox escaped marked."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one(article)
    assert main is not None
    # The page sandbox shows raw HTML as code (``rri-raw``), the older guard as
    # ``rri-raw-html``: both are markup shown as text, though code is not read below.
    escaped = main.select(".rri-raw, .rri-raw-html")
    for element in main.select("pre, code, .highlight"):
        element.decompose()
    return main.get_text(" ") + ("\n<raw html shown as text>" if escaped else "")


def without_part_headings(html: str) -> str:
    """The mkdocs page without what a task card shows as the contract's own labels.

    A task's part headings ("Importance of the Task") and a placeholder example ("coming
    soon!") become the card's fixed labels, which are worded once for every course; the
    words of those headings are the label's, not the author's prose.
    """
    from bs4 import BeautifulSoup

    from sphinx_rri.migrate.semantic import PART_TITLES, PLACEHOLDER

    soup = BeautifulSoup(html, "html.parser")
    for heading in soup.select("h2, h3, h4, h5, h6"):
        text = " ".join(heading.get_text(" ").replace("\u00b6", "").split())
        if any(pattern.match(text) for pattern in PART_TITLES.values()):
            heading.decompose()
    for paragraph in soup.select(".tabbed-block p"):
        if PLACEHOLDER.search(paragraph.get_text()) and len(paragraph.get_text().split()) <= 5:
            paragraph.decompose()
    return str(soup)


@pytest.mark.parametrize("file", sorted(CASES.glob("*.md")), ids=lambda f: f.stem)
def test_ok_case_pages_lose_no_word_and_show_no_markup(file: Path, case_builds) -> None:  # type: ignore[no-untyped-def]
    mkdocs_out, sphinx_out, report, _ = case_builds
    page = next(p for p in report.pages if p.path == file.name)
    if page.status != "ok":
        reviews = [f.message for f in page.findings if f.review] or [page.failed]
        assert reviews, f"{file.name} is {page.status} without saying why"
        return
    before = words(
        without_part_headings(mkdocs_page(mkdocs_out, file.name).read_text(encoding="utf-8")),
        "article.md-content__inner",
        # A <video>'s fallback text shows only in a browser that cannot play it.
        ["a.headerlink", "sup[id^=fnref]", "a.footnote-ref", "a.footnote-backref", "video"],
        join_superscripts=True,
    )
    html = (sphinx_out / (file.stem + ".html")).read_text(encoding="utf-8")
    after = words(
        html,
        "article[role=main]",
        ["a.headerlink", "a.footnote-reference", "span.label", "span.backrefs", "span.fn-bracket"],
        join_superscripts=True,
    )
    lost = before - after
    assert not lost, f"{file.name} is called ok but lost words: {dict(lost)}"
    # What mkdocs showed as text too (a line reading ``:::{note}``) is the author's text.
    mkdocs_html = mkdocs_page(mkdocs_out, file.name).read_text(encoding="utf-8")
    as_text = Counter(m.strip() for m in MARKUP_SHOWN.findall(visible_text(mkdocs_html, "article")))
    shown = Counter(m.strip() for m in MARKUP_SHOWN.findall(visible_text(html))) - as_text
    assert not shown, f"{file.name} is called ok but shows markup: {list(shown)}"


def test_every_warning_of_the_case_build_is_in_the_report(case_builds) -> None:  # type: ignore[no-untyped-def]
    """The case files build with ``-W``: no warning, or each one named in the report, on
    a page the report calls "review" (the cases link to pages the site does not have)."""
    _, _, report, stderr = case_builds
    pages = {page.path: page for page in report.pages}
    warnings = [line for line in stderr.splitlines() if "WARNING" in line]
    for line in warnings:
        found = re.match(r".*?([^/\\]+\.md):\d+: WARNING: .*'([^']+)'", line)
        assert found, f"a warning the report cannot name: {line}"
        page = pages.get(found.group(1))
        assert page is not None and page.status == "review", line
        reviews = " ".join(f.message for f in page.findings if f.review)
        assert f"`{found.group(2)}`" in reviews, f"the report does not name it: {line}"
    assert len(warnings) <= 4, warnings  # the four links to pages the case site lacks


def test_the_template_case_is_carried_and_reviewed(case_builds) -> None:  # type: ignore[no-untyped-def]
    """In the site, the page its theme template drew gets the folder's pages as cards,
    and the report says what the template showed: never "ok"."""
    _, sphinx_out, report, _ = case_builds
    page = next(p for p in report.pages if p.path == "template-page.md")
    assert page.status == "review"
    reviews = " ".join(f.message for f in page.findings if f.review)
    assert "page drawn by the theme template home.html" in reviews, reviews
    assert "a grid of cards for the" in reviews, reviews
    html = (sphinx_out / "template-page.html").read_text(encoding="utf-8")
    assert "Welcome to the field school" in html and "sd-card" in html
