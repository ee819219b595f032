"""Code run by the gate: ``validate`` and ``report`` read ``conf.py`` without running it.

A pull request may change ``conf.py`` or add one in a subfolder beside the pages it asks
to validate. Each attacking conf.py here plants a command (it would write a marker file
and import a module planted next to it); the gates must leave no trace of either, read
the literal values they need, and name the line of each value they cannot read.
``--trust-conf`` runs conf.py as Sphinx does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sphinx_rri.cli import main as cli_main
from sphinx_rri.reader.conf import read_conf_text
from sphinx_rri.reader.project import load_project

PAGE = "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n# T\n\nText.\n"


def attacking_conf(marker: Path) -> str:
    return (
        "import os\n"
        "import planted_module\n"
        'extensions = ["sphinx_rri"]\n'
        f"open({str(marker)!r}, 'w').write('ran')\n"
        'exclude_patterns = ["_build"]\n'
        "language = os.environ.get('LANG', 'en')\n"
    )


def write(tmp_path: Path, conf: str, pages: dict[str, str] | None = None) -> Path:
    srcdir = tmp_path / "src"
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in (pages or {"index.md": PAGE}).items():
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
        (srcdir / name).write_text(text, encoding="utf-8")
    return srcdir


def plant_module(srcdir: Path, marker: Path) -> None:
    (srcdir / "planted_module.py").write_text(
        f"open({str(marker) + '.import'!r}, 'w').write('imported')\n", encoding="utf-8"
    )


@pytest.mark.parametrize("command", ["validate", "report"])
def test_the_gates_never_run_conf_py(
    tmp_path: Path,
    command: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marker = tmp_path / "marker"
    srcdir = write(tmp_path, attacking_conf(marker))
    plant_module(srcdir, marker)
    monkeypatch.chdir(srcdir)
    status = cli_main([command, "."])
    out, err = capsys.readouterr()
    assert not marker.exists()
    assert not Path(str(marker) + ".import").exists()
    assert "planted_module" not in sys.modules
    assert status == 1
    text = out if command == "validate" else err
    lines = [line for line in text.splitlines() if "[rri.config]" in line]
    # The import binds no name the gates need; the language is one they do.
    assert len(lines) == 1, text
    assert lines[0].startswith("conf.py:6: error: conf.py sets language at line 6 with a function")
    assert all("--trust-conf" in line for line in lines)


def test_a_conf_py_in_a_subfolder_is_not_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "marker"
    srcdir = write(tmp_path, 'extensions = ["sphinx_rri"]\n', {"index.md": PAGE, "sub/p.md": PAGE})
    (srcdir / "sub" / "conf.py").write_text(attacking_conf(marker), encoding="utf-8")
    cli_main(["validate", str(srcdir / "sub" / "p.md")])
    capsys.readouterr()
    assert not marker.exists()


def test_trust_conf_runs_conf_py_as_sphinx_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "marker"
    conf = (
        f"open({str(marker)!r}, 'w').write('ran')\n"
        "rri_stages = [s for s in ('one', 'two')]\n"
        'extensions = ["sphinx_rri"]\n'
    )
    srcdir = write(tmp_path, conf)
    assert cli_main(["validate", "--trust-conf", str(srcdir)]) == 0
    assert "[rri.config]" not in capsys.readouterr().out
    assert marker.read_text() == "ran"
    assert load_project(srcdir, trust_conf=True).settings.stages == ("one", "two")
    # Without --trust-conf the comprehension is a located error and the default is used.
    project = load_project(srcdir)
    assert [(d.line, d.code) for d in project.conf_problems] == [(2, "rri.config")]
    assert "comprehension" in project.conf_problems[0].message
    assert project.settings.stages == ("project-design", "model-development", "system-deployment")


def test_literal_values_are_read() -> None:
    conf = read_conf_text(
        "import os, sys\n"
        "sys.path.insert(0, os.path.abspath('.'))\n"
        "project = compute_name()\n"
        'extensions = ["sphinx_rri"]\n'
        'extensions.append("sphinx.ext.todo")\n'
        'extensions += ("sphinx.ext.intersphinx",)\n'
        "STAGES = ['a', 'b']\n"
        "rri_stages = STAGES + ['c']\n"
        "myst_enable_extensions = {'colon_fence', 'deflist'}\n"
        "source_suffix = {'.md': 'markdown', '.rst': 'restructuredtext'}\n"
        "exclude_patterns = list(('_build', 'drafts'))\n"
        "include_patterns = ['**']\n"
        "master_doc = 'start'\n"
        "language: str = 'de'\n"
        "rri_review_interval_days = None\n"
        "rri_max_nesting = -(-20)\n"
        "def helper():\n    global rri_gaps\n    rri_gaps = 'error'\n"
    )
    assert conf.problems == []
    assert conf.values == {
        "extensions": ["sphinx_rri", "sphinx.ext.todo", "sphinx.ext.intersphinx"],
        "rri_stages": ["a", "b", "c"],
        "myst_enable_extensions": {"colon_fence", "deflist"},
        "source_suffix": {".md": "markdown", ".rst": "restructuredtext"},
        "exclude_patterns": ["_build", "drafts"],
        "include_patterns": ["**"],
        "master_doc": "start",
        "root_doc": "start",
        "language": "de",
        "rri_review_interval_days": None,
        "rri_max_nesting": 20,
    }


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("extensions = get()\n", 1, "extensions at line 1 with a function call"),
        ("import x\nextensions = x.EXT\n", 2, "extensions at line 2 from an attribute"),
        (
            "extensions = []\nif tags.has('a'):\n    extensions.append('b')\n",
            3,
            "'if' statement at line 2",
        ),
        ("try:\n    from c import rri_stages\nexcept ImportError:\n    pass\n", 2, "'try'"),
        ("for e in 'ab':\n    rri_tracks = [e]\n", 2, "'for' statement"),
        ("from common import *\n", 1, "imports * from common"),
        ("rri_gaps = f'{1}'\n", 1, "an f-string"),
        ("rri_stages = NAMES\n", 1, "from NAMES, which conf.py does not set"),
        ("rri_stages = [\n", 1, "not valid Python"),
        ("extensions = []\nextensions[0:0] = ['x']\n", 2, "item or attribute"),
        ("root_doc, language = pick()\n", 1, "root_doc at line 1 with a function call"),
    ],
)
def test_values_only_running_would_tell_are_located(text: str, line: int, words: str) -> None:
    problems = read_conf_text(text).problems
    assert problems, text
    assert problems[0].line == line
    assert words in problems[0].message


def test_a_later_literal_value_wins() -> None:
    conf = read_conf_text("import os\nlanguage = os.environ['L']\nlanguage = 'en'\n")
    assert conf.problems == []
    assert conf.values == {"language": "en"}


def test_names_the_gates_do_not_need_may_be_anything() -> None:
    conf = read_conf_text(
        "import sphinx_rri\nrelease = sphinx_rri.__version__\nhtml_theme = pick_theme()\n"
    )
    assert conf.problems == [] and conf.values == {}
