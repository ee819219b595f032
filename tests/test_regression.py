"""Regression files for every example of the authoring contract, in MyST and in rST.

``tests/roots/contract-myst`` and ``tests/roots/contract-rst`` hold the contract's
examples, one page each. Each project is built once to HTML; for each example the test
compares, with the files in ``tests/regression/``:

- ``<example>.<md|rst>.doctree.txt``: the page's doctree as read (before the HTML-only
  post-transforms), which is what every builder starts from;
- ``<example>.<md|rst>.html.txt``: the HTML of the example's element (the card, the
  next-steps block, the box, the role's paragraph);
- ``frontmatter.<md|rst>.json.txt``: for the front matter, which renders nothing, the
  page's record in ``rri.json``.

Volatile details are normalised (see :func:`normalise`). Regenerate the files with
``pytest tests/test_regression.py --regen`` (or ``RRI_REGEN=1``) and review the diff.
"""

from __future__ import annotations

import json
import pickle
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

ROOTS = Path(__file__).parent / "roots"
REGRESSION = Path(__file__).parent / "regression"
SYNTAXES = {"md": "contract-myst", "rst": "contract-rst"}

#: Each contract example and the CSS selector of the HTML element that shows it.
EXAMPLES = {
    "task-card": "section.rri-task-card",
    "next-steps": "div.rri-next-steps",
    "human-factors": "div.rri-human-factors",
    "key-concept": "details.rri-key-concept",
    "role": "p:has(span.rri-task)",
}


@pytest.fixture(scope="module")
def contract_builds(
    tmp_path_factory: pytest.TempPathFactory, build: Any
) -> dict[str, tuple[Path, Path]]:
    """Each contract project, copied and built once: ext -> (srcdir, outdir)."""
    built = {}
    for ext, root in SYNTAXES.items():
        srcdir = tmp_path_factory.mktemp(root) / "src"
        shutil.copytree(ROOTS / root, srcdir)
        outdir, warnings = build(srcdir, "html")
        assert warnings == ""
        built[ext] = (srcdir, outdir)
    return built


def normalise(text: str, srcdir: Path) -> str:
    """Remove what changes between machines and versions, not what the extension decides.

    - absolute paths of the source folder become ``<src>``;
    - docutils < 0.22 writes booleans as ``True``/``False``, 0.22 as ``1``/``0``;
    - ``translation_progress`` on the document depends on the Sphinx version;
    - docutils' automatic ids (``id1``) and the counter in the example tabs' ids (the
      position of the example set among the page's containers) are numbered.
    """
    text = text.replace(str(srcdir) + "/", "<src>/").replace(str(srcdir), "<src>")
    text = re.sub(r'="True"', '="1"', text)
    text = re.sub(r'="False"', '="0"', text)
    text = re.sub(r' translation_progress="[^"]*"', "", text)
    text = re.sub(r"\bid\d+\b", "idN", text)
    text = re.sub(r'="((?:tab-|panel-)?rri-[\w-]+?)-\d+-(\d+)"', r'="\1-N-\2"', text)
    return text.rstrip() + "\n"


def doctree_text(srcdir: Path, outdir: Path, docname: str) -> str:
    doctrees = outdir.parent / f".doctrees-{outdir.name}"
    with (doctrees / f"{docname}.doctree").open("rb") as handle:
        doctree = pickle.load(handle)
    return normalise(doctree.pformat(), srcdir)


def html_fragment(srcdir: Path, outdir: Path, docname: str, selector: str) -> str:
    soup = BeautifulSoup((outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    found = soup.select(selector)
    assert len(found) == 1, f"{docname}.html: expected one {selector!r}, found {len(found)}"
    return normalise(str(found[0]), srcdir)


def frontmatter_record(srcdir: Path, outdir: Path) -> str:
    data = json.loads((outdir / "rri.json").read_text(encoding="utf-8"))
    [page] = [p for p in data["pages"] if p["docname"] == "frontmatter"]
    return json.dumps(page, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def check(name: str, actual: str, regen: bool) -> None:
    path = REGRESSION / name
    if regen:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no regression file {path.name}; run pytest with --regen"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs from a fresh build (regenerate with --regen)"


CASES = [(example, ext) for example in ("frontmatter", *EXAMPLES) for ext in SYNTAXES]


@pytest.mark.parametrize(("example", "ext"), CASES, ids=[f"{e}.{x}" for e, x in CASES])
def test_doctree_matches_regression_file(contract_builds, regen, example, ext):
    srcdir, outdir = contract_builds[ext]
    check(f"{example}.{ext}.doctree.txt", doctree_text(srcdir, outdir, example), regen)


@pytest.mark.parametrize(
    ("example", "ext"),
    [c for c in CASES if c[0] != "frontmatter"],
    ids=[f"{e}.{x}" for e, x in CASES if e != "frontmatter"],
)
def test_html_fragment_matches_regression_file(contract_builds, regen, example, ext):
    srcdir, outdir = contract_builds[ext]
    fragment = html_fragment(srcdir, outdir, example, EXAMPLES[example])
    check(f"{example}.{ext}.html.txt", fragment, regen)


@pytest.mark.parametrize("ext", SYNTAXES)
def test_frontmatter_record_matches_regression_file(contract_builds, regen, ext):
    srcdir, outdir = contract_builds[ext]
    check(f"frontmatter.{ext}.json.txt", frontmatter_record(srcdir, outdir), regen)


# The regression files pin each syntax down; these say the two syntaxes agree.


@pytest.mark.parametrize("example", ["task-card", "next-steps", "key-concept", "role"])
def test_myst_and_rst_give_the_same_html(contract_builds, example):
    fragments = [
        html_fragment(*contract_builds[ext], example, EXAMPLES[example]) for ext in SYNTAXES
    ]
    assert fragments[0] == fragments[1]


def test_myst_and_rst_front_matter_give_the_same_record(contract_builds):
    records: list[dict[str, Any]] = [
        json.loads(frontmatter_record(*contract_builds[ext])) for ext in SYNTAXES
    ]
    for record in records:
        record.pop("source")
    assert records[0] == records[1]
    assert records[0]["title"] == "Stage 3: System Deployment"
    assert records[0]["last_reviewed"] == "2026-10-01"
    assert records[0]["learning_objectives"] == ["Name the four tasks of system deployment."]


def test_every_regression_file_belongs_to_a_test():
    expected = {f"{e}.{x}.doctree.txt" for e, x in CASES}
    expected |= {f"{e}.{x}.html.txt" for e, x in CASES if e != "frontmatter"}
    expected |= {f"frontmatter.{x}.json.txt" for x in SYNTAXES}
    assert {p.name for p in REGRESSION.glob("*.txt")} == expected
