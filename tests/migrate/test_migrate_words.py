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
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from migrate_helpers import SAMPLE_PAGES, require_sample, subprocess_env

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
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "site")],
        cwd=work,
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
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
