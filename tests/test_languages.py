"""(1.1) The fixed texts go through the package's own gettext catalog (text domain
``sphinx_rri``): every shipped language changes them in every builder, ``rri_labels``
beats the catalog, and the compiled catalogs that ship are in step with their sources."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sphinx_rri
from sphinx_rri.contract.catalogs import (
    LOCALE_DIR,
    catalog_paths,
    compiled_messages,
    expected_messages,
    main,
    read_catalog,
    template,
)
from sphinx_rri.contract.labels import LABELS

PAGE = """\
---
title: A card
track: rri
module: rri-101
---
# A card

:::::{task-card} Consent
::::{task-description}
Ask first.
::::

::::{task-importance}
People own their data.
::::

::::{illustrative-example}
:::{example} Health care
:status: coming-soon
:::

:::{example} Environmental Sciences
:status: not-applicable
:::
::::
:::::

:::{human-factors}
People get tired.
:::

::::{next-steps}
:choose: 1

:::{step} Back home
:doc: index
:::
::::
"""

#: The label keys the page above shows, and how each appears (filled in where needed).
SHOWN = {
    "description": None,
    "importance": None,
    "examples": None,
    "example-gap": None,
    "not-applicable": None,
    "human-factors": None,
    "choose": "1",
}

SHIPPED = [path.parent.parent.name for path in catalog_paths()]
SRC = Path(sphinx_rri.__file__).parents[1]


def project(root: Path, conf: str = "") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text('extensions = ["sphinx_rri"]\n' + conf, encoding="utf-8")
    (root / "index.md").write_text("# Home\n\n```{toctree}\ncard\n```\n", encoding="utf-8")
    (root / "card.md").write_text(PAGE, encoding="utf-8")
    return root


def build(src: Path, out: Path, builder: str, *extra: str) -> None:
    """Build in a child process: Sphinx keeps translated texts of its own (the module
    index's name, for one) for the rest of a process once a build has used a language,
    which would change the output of every later build of the test run."""
    doctrees = out.parent / f"{out.name}.doctrees"
    argv = ["-q", "-W", "-E", "-b", builder, "-d", str(doctrees), *extra, str(src), str(out)]
    path = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
        timeout=300,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr[-3000:]


def texts_in(lang: str) -> dict[str, str]:
    messages = expected_messages(read_catalog(LOCALE_DIR / lang / "LC_MESSAGES" / "sphinx_rri.po"))
    shown = {}
    for key, value in SHOWN.items():
        text = messages[LABELS[key]]
        shown[key] = text % value if value is not None else text
    return shown


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_the_package_ships_the_languages_the_contract_asks_for() -> None:
    assert set(SHIPPED) >= {"fr", "de", "es", "it", "pt", "nl", "cy"}


@pytest.mark.parametrize("lang", SHIPPED)
def test_each_shipped_language_changes_the_fixed_texts(lang: str, tmp_path: Path) -> None:
    src = project(tmp_path / "src", f"language = {lang!r}\n")
    build(src, tmp_path / "html", "html")
    html = squeeze((tmp_path / "html" / "card.html").read_text(encoding="utf-8"))
    for key, text in texts_in(lang).items():
        assert squeeze(text) in html, f"{lang}: {key} is not shown as {text!r}"
        if text != LABELS[key] and "%s" not in LABELS[key]:
            assert f">{LABELS[key]}<" not in html, f"{lang}: {key} is still in English"


@pytest.mark.parametrize("lang", SHIPPED)
@pytest.mark.parametrize(
    ("builder", "output"),
    [
        ("html", "card.html"),
        ("text", "card.txt"),
        ("latex", "*.tex"),
        ("epub", "card.xhtml"),
    ],
)
def test_headings_in_every_builder(lang: str, builder: str, output: str, tmp_path: Path) -> None:
    """Each shipped language changes the card's headings in HTML, LaTeX, text and epub."""
    conf = f'language = "{lang}"\nproject = "Cours"\nauthor = "Moi"\ncopyright = "2026, Moi"\n'
    src = project(tmp_path / "src", conf + 'version = "1"\n')
    out = tmp_path / builder
    build(src, out, builder)
    (written,) = list(out.glob(output))
    text = squeeze(written.read_text(encoding="utf-8"))
    for key in ("description", "importance", "examples", "example-gap", "not-applicable"):
        assert squeeze(texts_in(lang)[key]) in text, key
    for english in ("Task Description", "Importance of Task", "Illustrative Example"):
        assert english not in text, english


def test_rri_labels_beat_the_catalog(tmp_path: Path) -> None:
    src = project(
        tmp_path / "src",
        'language = "fr"\nrri_labels = {"description": "La tâche", "choose": "Au moins %s :"}\n',
    )
    build(src, tmp_path / "html", "html")
    html = squeeze((tmp_path / "html" / "card.html").read_text(encoding="utf-8"))
    assert "La tâche" in html and texts_in("fr")["description"] not in html
    assert "Au moins 1 :" in html
    assert texts_in("fr")["importance"] in html  # the others still come from the catalog


def test_an_unknown_language_keeps_the_english_texts(tmp_path: Path) -> None:
    src = project(tmp_path / "src", 'language = "sv"\n')
    build(src, tmp_path / "html", "html")
    html = (tmp_path / "html" / "card.html").read_text(encoding="utf-8")
    assert "Task Description" in html and "Illustrative examples coming soon" in html


def test_the_template_and_compiled_catalogs_are_in_step_with_the_code() -> None:
    assert main(["--check"]) == 0, "run `nox -s catalogs` and commit what it writes"
    template_ids = {str(m.id) for m in template() if m.id}
    assert template_ids == set(LABELS.values())
    for po in catalog_paths():
        mo = po.with_suffix(".mo")
        assert mo.is_file(), f"{po} is not compiled"
        assert compiled_messages(mo.read_bytes()) == expected_messages(read_catalog(po))


def test_the_check_sees_a_stale_catalog_and_the_session_mends_it(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    po = locale / "fr" / "LC_MESSAGES" / "sphinx_rri.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(
            'msgstr "Description de la tâche"', 'msgstr "Ce qu\'il faut faire"'
        ),
        encoding="utf-8",
    )
    assert main(["--check", "--locale-dir", str(locale)]) == 1
    assert main(["--locale-dir", str(locale)]) == 0
    compiled = compiled_messages(po.with_suffix(".mo").read_bytes())
    assert compiled["Task Description"] == "Ce qu'il faut faire"
    assert main(["--check", "--locale-dir", str(locale)]) == 0


def test_a_new_language_starts_from_the_template(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    assert main(["--add", "sv", "--locale-dir", str(locale)]) == 0
    catalog = read_catalog(locale / "sv" / "LC_MESSAGES" / "sphinx_rri.po")
    assert {str(m.id) for m in catalog if m.id} == set(LABELS.values())
    assert expected_messages(catalog) == {}
    assert (locale / "sv" / "LC_MESSAGES" / "sphinx_rri.mo").is_file()


def test_the_guide_lists_every_shipped_language_with_its_catalog_s_headings() -> None:
    """The table of languages in the guide "Use sphinx-rri for your own track" names each
    shipped catalog, with the headings that catalog gives (so it cannot drift from them)."""
    guide = Path(__file__).parents[1] / "docs" / "guide" / "own-track.md"
    rows = {}
    for line in guide.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1].startswith("`") and cells[1] != "`language`":
            rows[cells[1].strip("`")] = cells[2]
    assert sorted(rows) == sorted(SHIPPED)
    for lang, headings in rows.items():
        texts = texts_in(lang)
        assert headings == " · ".join(texts[k] for k in ("description", "importance", "examples"))
