"""The French demo of another track, ``docs/examples/engagement-fr``.

A small project of the public engagement track (the course's second module, in
``content/engagement/``) configured as a track of its own would be: its own domains,
stages with titles, a card that concerns schools only, an example that does not apply,
``language = "fr"`` and one heading replaced through ``rri_labels``. It must build with
``-W`` and validate clean even with ``--strict`` (nothing it leaves out on purpose is a
gap), and show its fixed texts in French from the package's catalog.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx import locale
from sphinx.application import builtin_extensions

from sphinx_rri.cli import main as cli_main

DEMO = Path(__file__).parents[1] / "docs" / "examples" / "engagement-fr"


@pytest.fixture(scope="module", autouse=True)
def _no_french_left_behind() -> Iterator[None]:
    """Keep the French of these builds out of the builds that follow in this process.

    Sphinx keeps one translator per catalog for the process and adds a later build's
    language to it only as a fallback, so an English build after these would still speak
    French: the translators are forgotten afterwards. And a Sphinx module first imported
    while a translator is set freezes its texts in that language (``_()`` is lazy only
    until then), so Sphinx's built-in extensions are imported first, with none set.
    """
    locale.translators.clear()
    for name in builtin_extensions:
        importlib.import_module(name)
    yield
    locale.translators.clear()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("demo") / "src"
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns("_build"))
    return target


def test_demo_validates_clean_even_when_strict(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["validate", "--strict", str(demo)]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == "sphinx-rri: 2 tasks, 0 gaps, 0 errors"


def test_demo_text_shows_the_replaced_heading_and_the_not_applicable_reason(
    demo: Path, build: Any
) -> None:
    outdir, warnings = build(demo, "text")
    assert warnings == ""
    page = " ".join((outdir / "index.txt").read_text(encoding="utf-8").split())
    # rri_labels replaces the heading of the examples, in whatever language.
    assert page.count("Exemples en situation") == 2
    assert "Illustrative Example" not in page
    assert "pas de recrutement à proprement parler" in page  # the reason given
    # The other fixed texts come from the French catalog that ships with the package.
    assert page.count("Description de la tâche") == 2
    assert page.count("Importance de la tâche") == 2
    assert "Sans objet" in page and "Objectifs pédagogiques" in page
    for english in ("Task Description", "Importance of Task", "Not applicable"):
        assert english not in page


def test_demo_gap_report_shows_stage_titles_and_expected_domains(demo: Path, build: Any) -> None:
    outdir, warnings = build(demo, "html")
    assert warnings == ""
    index = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.find("html")["lang"] == "fr"
    report = BeautifulSoup((outdir / "rapport.html").read_text(encoding="utf-8"), "html.parser")
    matrix = report.select_one("table.rri-gap-matrix")
    assert matrix is not None
    headers = [th.get_text(" ", strip=True) for th in matrix.select("thead th")]
    assert headers[:2] == ["Tâche", "Phase"]
    assert headers[-3:] == ["Musées", "Collectivités", "Écoles"]
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in matrix.select("tbody tr")
    ]
    by_task = {row[0]: row for row in rows}
    recruiting = by_task["Recruter les participants"]
    assert recruiting[1] == "Préparer la démarche"
    assert recruiting[-1].startswith("⊘")  # not applicable
    assert [cell[0] for cell in recruiting[2:-1]] == ["✓"] * 4
    consent = by_task["Consentement et protection des élèves"]
    assert consent[1] == "Animer la démarche"
    # The card names one domain: the other two are not expected of it, and no gap.
    assert [cell[0] for cell in consent[2:]] == ["✓", "✓", "·", "·", "✓"]
    assert consent[-1] == "✓ Rédigé" and consent[-2] == "· Non prévu"
    assert recruiting[-1] == "⊘ Sans objet"
