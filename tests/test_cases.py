"""Every rule of the contract, run through both gates: the Sphinx build and `validate`.

Each file in ``tests/cases/`` holds a description, the source files of a small project
and the exact diagnostics expected (``path:line: error|gap: message [rri.subtype]``).
The build's warnings and ``sphinx-rri validate``'s output must both equal them.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from sphinx_rri.cli import main as cli_main
from sphinx_rri.model.diagnostics import GAP_SUBTYPES, Subtype

CASES = sorted((Path(__file__).parent / "cases").glob("*.case"))
INDEX = "# Cases\n\n```{toctree}\n:glob:\n\n*\n```\n"
WARNING = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?:WARNING|ERROR): (?P<message>.*) \[(?P<code>[\w.]+)\]$"
)


def parse_case(path: Path) -> tuple[dict[str, str], list[str]]:
    """Files and expected diagnostics; a section ``other-warnings`` lists parts of
    warnings from Sphinx or MyST that the case expects (never an rri one)."""
    files: dict[str, str] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("=== "):
            current = line[4:].strip()
            files[current] = ""
        elif current is not None:
            files[current] += line
    age = (datetime.date.today() - datetime.date(2020, 1, 1)).days
    expected = [
        x.replace("{AGE}", str(age)) for x in files.pop("expected").splitlines() if x.strip()
    ]
    return files, expected


def write_project(root: Path, files: dict[str, str]) -> None:
    conf = 'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n' + files.pop("conf.py", "")
    (root / "conf.py").write_text(conf, encoding="utf-8")
    (root / "index.md").write_text(INDEX, encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")


def build_gate(root: Path, allowed: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    warnings = root / "_build" / "warnings.txt"
    status = build_main(
        [
            "-b",
            "dummy",
            "-E",
            "-q",
            "-D",
            "rri_gaps=warning",
            "-w",
            str(warnings),
            str(root),
            str(root / "_build" / "dummy"),
        ]
    )
    assert status == 0
    found, foreign = [], []
    for line in warnings.read_text(encoding="utf-8").splitlines():
        if not line.strip():  # inside a warning of several lines (docutils')
            continue
        match = WARNING.match(line)
        if not match or not match["code"].startswith("rri."):
            if not any(part in line for part in allowed):
                foreign.append(line)
            continue
        subtype = Subtype(match["code"].removeprefix("rri."))
        kind = "gap" if subtype in GAP_SUBTYPES else "error"
        relpath = Path(match["path"]).relative_to(root).as_posix()
        found.append(f"{relpath}:{match['line']}: {kind}: {match['message']} [{match['code']}]")
    assert foreign == [], "the build warned about something other than the rules"
    return sorted(found)


def validate_gate(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, list[str]]:
    monkeypatch.chdir(root)
    capsys.readouterr()
    status = cli_main(["validate", "."])
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("sphinx-rri: ")
    return status, sorted(out[:-1])


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_both_gates_agree_with_the_case(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    files, expected = parse_case(case)
    allowed = [x for x in files.pop("other-warnings", "").splitlines() if x.strip()]
    write_project(tmp_path, files)
    status, validated = validate_gate(tmp_path, capsys, monkeypatch)
    built = build_gate(tmp_path, allowed)
    assert validated == sorted(expected)
    assert built == sorted(expected)
    has_errors = any(": error: " in line for line in expected)
    assert status == (1 if has_errors else 0)


def test_there_is_a_case_for_every_subtype() -> None:
    codes = {
        m for case in CASES for m in re.findall(r"\[rri\.(\w+)\]", case.read_text(encoding="utf-8"))
    }
    # Limits have their own tests (test_attacks.py); config is not about a page.
    assert codes >= {s.value for s in Subtype} - {"limit", "config"}
