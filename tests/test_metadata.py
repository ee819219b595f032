"""(1.1) Page metadata on the page: objectives, status banners, authors and review date.

One small project, built with each builder with ``-W``: what a page's front matter says
must be in the output, right after the page's title; ``rri_show_metadata = False``
takes it all away; ``rri_labels`` replaces the texts; front matter text stays text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

CONF = """\
extensions = ["sphinx_rri"]
exclude_patterns = ["_build"]
project = "Metadata"
copyright = "2026, The authors"
version = release = "1.0"
rri_extra_frontmatter_keys = ["replaced_by"]
"""


def head(extra: str) -> str:
    return "---\ntitle: T\ntrack: rri\nmodule: rri-101\n" + extra + "---\n"


PAGES = {
    "index.md": "# Index\n\n```{toctree}\ndraft\nreview\nold\nretired\nnew\nplain\nfields\n```\n",
    "draft.md": head(
        "status: draft\n"
        "learning_objectives:\n  - Name the four tasks.\n"
        "  - 'Spot <script>alert(1)</script> *here*'\n"
        "authors: [A. Author, B. Writer]\nlast_reviewed: 2026-10-01\n"
    )
    + "# Draft page\n\nThe body of the draft.\n",
    "review.md": head("status: review\n") + "# Review page\n\nBody.\n",
    "old.md": head("status: deprecated\nreplaced_by: new\n") + "# Old page\n\nBody.\n",
    "retired.md": head("status: retired\n") + "# Retired page\n\nBody.\n",
    "new.md": head("status: published\nauthors: [C. Editor]\n") + "# New page\n\nBody.\n",
    "plain.md": "# Plain page\n\nNot a course page: nothing is added.\n",
    "fields.rst": ":title: T\n:track: rri\n:module: rri-101\n:status: deprecated\n"
    ":learning_objectives: [Read a field list.]\n\nField page\n==========\n\nBody.\n",
    "untitled.md": head("status: draft\norphan: true\n") + "Body of a page with no heading.\n",
}

DRAFT = "Draft: this page is still being written."
REVIEW = "In review: this page may still change."
DEPRECATED = "Deprecated: this page is no longer maintained."
RETIRED = "Retired: this page is kept for the record only."
BYLINE = "Authors: A. Author, B. Writer · Last reviewed: 2026-10-01"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, make_project: Any) -> Path:
    return make_project(tmp_path_factory.mktemp("metadata"), PAGES, CONF)


@pytest.fixture(scope="module")
def html(project: Path, build: Any) -> Path:
    outdir, warnings = build(project, "html")
    assert warnings == ""
    return outdir


def soup(html: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((html / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def test_draft_page_shows_banner_byline_and_objectives_after_its_title(html):
    page = soup(html, "draft")
    section = page.select_one("section")
    children = [c for c in section.children if getattr(c, "name", None)]
    assert children[0].name == "h1"
    banner, byline, objectives = children[1:4]
    assert "rri-status-banner" in banner["class"] and "rri-status-draft" in banner["class"]
    assert DRAFT in banner.get_text()
    assert byline.get_text() == BYLINE and "rri-page-meta" in byline["class"]
    assert "rri-learning-objectives" in objectives["class"]
    assert objectives.select_one(".admonition-title").get_text() == "Learning objectives"
    items = [li.get_text() for li in objectives.select("li")]
    # Front matter text is shown as text: no markup, no script.
    assert items == ["Name the four tasks.", "Spot <script>alert(1)</script> *here*"]
    assert not page.select("section script") and not page.select("section em")
    assert children[4].get_text() == "The body of the draft."


@pytest.mark.parametrize(
    ("page", "status", "text"),
    [
        ("review", "review", REVIEW),
        ("retired", "retired", RETIRED),
        ("fields", "deprecated", DEPRECATED),
    ],
)
def test_each_status_but_published_has_its_banner(html, page, status, text):
    [banner] = soup(html, page).select(".rri-status-banner")
    assert f"rri-status-{status}" in banner["class"]
    assert text in banner.get_text()


def test_deprecated_page_links_to_its_replacement(html):
    [banner] = soup(html, "old").select(".rri-status-banner")
    assert "Deprecated: this page is replaced by New page." in " ".join(banner.get_text().split())
    assert banner.select_one("a")["href"] == "new.html"


def test_published_and_plain_pages_have_no_banner(html):
    new = soup(html, "new")
    assert not new.select(".rri-status-banner")
    assert new.select_one(".rri-page-meta").get_text() == "Authors: C. Editor"
    plain = soup(html, "plain")
    assert not plain.select(".rri-status-banner, .rri-page-meta, .rri-learning-objectives")


def test_rst_field_list_gives_the_same_box(html):
    box = soup(html, "fields").select_one(".rri-learning-objectives")
    assert [li.get_text() for li in box.select("li")] == ["Read a field list."]


def test_page_without_a_heading_shows_the_banner_first(html):
    body = soup(html, "untitled").select_one("div.body, [role=main]")
    first = next(c for c in body.children if getattr(c, "name", None))
    assert "rri-status-draft" in first["class"]


@pytest.mark.parametrize("builder", ["text", "man", "texinfo", "latex", "epub", "singlehtml"])
def test_every_builder_shows_the_metadata(project, build, builder):
    outdir, warnings = build(project, builder)
    assert warnings == ""
    pattern = {
        "text": "*.txt",
        "man": "*.1",
        "texinfo": "*.texi",
        "latex": "*.tex",
        "epub": "*.xhtml",
        "singlehtml": "index.html",
    }[builder]
    text = "\n".join(p.read_text(encoding="utf-8") for p in outdir.rglob(pattern))
    # Whitespace and the writers' escapes aside, each text is there.
    flat = re.sub(r"\s+|\\&|\\%|@w\{|\\sphinxhyphen\{\}|\\\(|\\-", "", text)
    for expected in (DRAFT, REVIEW, DEPRECATED, RETIRED, "Name the four tasks.", "A. Author"):
        assert re.sub(r"\s+", "", expected) in flat, (builder, expected)
    assert "Learning objectives".replace(" ", "") in flat or "LEARNINGOBJECTIVES" in flat


def test_show_metadata_false_shows_none_of_it(tmp_path, make_project, build):
    srcdir = make_project(tmp_path, PAGES, CONF + "rri_show_metadata = False\n")
    outdir, warnings = build(srcdir, "html")
    assert warnings == ""
    for page in ("draft", "old", "fields", "untitled"):
        assert not soup(outdir, page).select(
            ".rri-status-banner, .rri-page-meta, .rri-learning-objectives"
        ), page


def test_labels_replace_the_texts(tmp_path, make_project, build):
    labels = {"learning-objectives": "By the end", "status-draft": "Work in progress."}
    srcdir = make_project(tmp_path, PAGES, CONF + f"rri_labels = {labels!r}\n")
    outdir, warnings = build(srcdir, "html")
    assert warnings == ""
    page = soup(outdir, "draft")
    assert page.select_one(".rri-learning-objectives .admonition-title").get_text() == "By the end"
    assert "Work in progress." in page.select_one(".rri-status-banner").get_text()


def test_bad_value_is_a_config_warning(tmp_path, make_project, build, warning_lines):
    srcdir = make_project(tmp_path, {"index.md": "# Index\n"}, CONF + "rri_show_metadata = 'yes'\n")
    _outdir, warnings = build(srcdir, "html", warningiserror=False)
    assert any(
        "rri_show_metadata must be True or False" in line for line in warning_lines(warnings)
    )


STAGED = {
    "index.md": "# Index\n\n```{toctree}\nstaged\nslug\n```\n",
    "staged.md": head("stage: delivery\nauthors: [D. Host]\n") + "# On stage\n\nBody.\n",
    "slug.md": head("stage: evaluation\n") + "# Afterwards\n\nBody.\n",
}
STAGES = {"planning": "Planning the event", "delivery": "On the day"}


@pytest.mark.parametrize(
    ("language", "stages", "expected"),
    [
        ("en", STAGES, "Stage: On the day · Authors: D. Host"),
        ("fr", STAGES, "Phase\u00a0: On the day · Auteurs\u00a0: D. Host"),
        ("en", list(STAGES), "Stage: delivery · Authors: D. Host"),
    ],
)
def test_byline_names_the_stage_by_its_title(tmp_path, make_project, language, stages, expected):
    """(1.1) Stage titles are what readers see: the byline shows the page's stage by the
    title ``rri_stages`` gives it, translated around it; stages given as a list show
    their slugs."""
    # In a child process, as in test_languages.py: a translated build leaves the
    # catalogs loaded for every later build of the process.
    from test_languages import build as build_in_child

    conf = CONF + f"language = {language!r}\nrri_stages = {stages!r}\n"
    srcdir = make_project(tmp_path, {**STAGED, "slug.md": "# Afterwards\n"}, conf)
    outdir = tmp_path / "html"
    build_in_child(srcdir, outdir, "html")
    assert soup(outdir, "staged").select_one(".rri-page-meta").get_text() == expected


def test_byline_leaves_out_a_stage_that_is_not_configured(tmp_path, make_project, build):
    """An unknown stage is the checks' error; the byline does not repeat it to readers."""
    srcdir = make_project(tmp_path, STAGED, CONF + "rri_stages = " + repr(STAGES) + "\n")
    outdir, warnings = build(srcdir, "html", warningiserror=False)
    assert "'stage' must be one of the configured stages" in warnings
    assert soup(outdir, "staged").select_one(".rri-page-meta").get_text() == (
        "Stage: On the day · Authors: D. Host"
    )
    assert not soup(outdir, "slug").select(".rri-page-meta")


def card(title: str, stage: str | None) -> str:
    """A complete card for the default domains, with ``:stage:`` when one is given."""
    option = f":stage: {stage}\n" if stage else ""
    return (
        f":::::{{task-card}} {title}\n{option}\n"
        "::::{task-description}\nWhat.\n::::\n\n::::{task-importance}\nWhy.\n::::\n\n"
        "::::{illustrative-example}\n:::{example} Health care\nA ward.\n:::\n\n"
        ":::{example} Environmental Sciences\nA river.\n:::\n::::\n:::::\n\n"
    )


CARDS = {
    "index.md": "# Index\n\n```{toctree}\ncards\nunstaged\n```\n",
    "cards.md": head("stage: delivery\n")
    + "# Cards\n\n"
    + card("Same stage", "delivery")
    + card("Stage of the page", None)
    + card("Other stage", "evaluation"),
    "unstaged.md": head("") + "# Unstaged\n\n" + card("Own stage", "planning"),
}
CARD_STAGES = {**STAGES, "evaluation": "Looking back"}


def card_stages(outdir: Path, page: str) -> dict[str, str]:
    """Each card's title -> the text of the stage line under it ('' for none)."""
    shown = {}
    for section in soup(outdir, page).select("section.rri-task-card"):
        title = section.select_one(".rri-task-title").contents[0].get_text()
        lines = section.select(".rri-task-stage")
        shown[title] = " | ".join(line.get_text() for line in lines)
    return shown


def test_a_card_of_another_stage_than_its_page_names_its_own(tmp_path, make_project, build):
    """(1.1) Stage titles are what readers see: the page's line names the page's stage,
    and a card whose ``:stage:`` is another one names that stage, by its title, under
    its own title; a card of the page's stage repeats nothing."""
    conf = CONF + f"rri_stages = {CARD_STAGES!r}\n"
    outdir, warnings = build(make_project(tmp_path, CARDS, conf), "html")
    assert warnings == ""
    assert card_stages(outdir, "cards") == {
        "Same stage": "",
        "Stage of the page": "",
        "Other stage": "Stage: Looking back",
    }
    assert soup(outdir, "cards").select_one(".rri-page-meta").get_text() == "Stage: On the day"
    # A page with no stage of its own: the card's is the only one there is.
    assert card_stages(outdir, "unstaged") == {"Own stage": "Stage: Planning the event"}
    assert not soup(outdir, "unstaged").select(".rri-page-meta")


def test_the_card_stage_line_is_translated_and_replaceable(tmp_path, make_project):
    from test_languages import build as build_in_child

    conf = CONF + f"rri_stages = {CARD_STAGES!r}\nlanguage = 'de'\n"
    outdir = tmp_path / "de"
    build_in_child(make_project(tmp_path / "src-de", CARDS, conf), outdir, "html")
    assert card_stages(outdir, "cards")["Other stage"] == "Phase: Looking back"
    conf += "rri_labels = {'stage-line': 'Part of: %s'}\n"
    outdir = tmp_path / "labels"
    build_in_child(make_project(tmp_path / "src-labels", CARDS, conf), outdir, "html")
    assert card_stages(outdir, "cards")["Other stage"] == "Part of: Looking back"
    assert soup(outdir, "cards").select_one(".rri-page-meta").get_text() == "Part of: On the day"


@pytest.mark.parametrize("builder", ["text", "man", "texinfo", "latex", "epub", "singlehtml"])
def test_every_builder_shows_a_card_s_own_stage(tmp_path, make_project, build, builder):
    conf = CONF + f"rri_stages = {CARD_STAGES!r}\n"
    outdir, warnings = build(make_project(tmp_path, CARDS, conf), builder)
    assert warnings == ""
    text = " ".join(
        p.read_text(encoding="utf-8")
        for p in outdir.rglob("*")
        if p.suffix in (".txt", ".1", ".texi", ".tex", ".xhtml", ".html")
    )
    text = " ".join(text.split())
    assert text.count("Stage: Looking back") == 1, builder
    assert text.count("Stage: Planning the event") == 1, builder
    assert text.count("Stage: On the day") == 1, builder


def test_no_card_stage_line_without_metadata_or_for_an_unknown_stage(
    tmp_path, make_project, build
):
    conf = CONF + f"rri_stages = {CARD_STAGES!r}\nrri_show_metadata = False\n"
    outdir, warnings = build(make_project(tmp_path / "off", CARDS, conf), "html")
    assert warnings == ""
    assert not soup(outdir, "cards").select(".rri-task-stage")
    assert not soup(outdir, "unstaged").select(".rri-task-stage")
    # A stage that is not configured is the checks' error, not a line for readers.
    conf = CONF + f"rri_stages = {STAGES!r}\n"
    srcdir = make_project(tmp_path / "unknown", CARDS, conf)
    outdir, warnings = build(srcdir, "html", warningiserror=False)
    assert "has stage 'evaluation', which is not a configured stage" in warnings
    assert card_stages(outdir, "cards")["Other stage"] == ""
