"""Check a release before it is published: ``nox -s release-check`` runs this.

Given the folder that ``python -m build`` wrote (one sdist, one wheel), it checks what
the two archives hold, installs the wheel into a fresh virtual environment and, from
there (never from the checkout), runs ``sphinx-rri --version``, ``sphinx-rri validate``
on the course in ``content/`` and a Sphinx build of it with ``-W``.

``python ci/release_check.py DIST`` does everything; ``--contents-only`` stops after
the archives (the test suite uses it on a wheel it builds).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sphinx_rri"

#: Nothing of these may be in an archive.
FORBIDDEN = re.compile(
    r"(^|/)(tests?|__pycache__|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.hypothesis|\.nox"
    r"|_build)(/|$)|\.py[co]$"
)


def version() -> str:
    text = (SRC / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not found:
        raise SystemExit("no __version__ in src/sphinx_rri/__init__.py")
    return found.group(1)


def _package_files(folder: Path, pattern: str) -> set[str]:
    return {
        "sphinx_rri/" + p.relative_to(SRC).as_posix()
        for p in folder.glob(pattern)
        if p.is_file() and "__pycache__" not in p.parts
    }


def wheel_problems(wheel: Path) -> list[str]:
    """What is wrong with the wheel's contents (an empty list when nothing is)."""
    names = set(zipfile.ZipFile(wheel).namelist())
    problems = [f"does not belong in a wheel: {n}" for n in sorted(names) if FORBIDDEN.search(n)]
    expected = {"sphinx_rri/__init__.py", "sphinx_rri/cli.py", "sphinx_rri/py.typed"}
    expected |= {f"sphinx_rri/schemas/{p.name}" for p in (ROOT / "schemas").glob("*.json")}
    expected |= _package_files(SRC / "sphinxext" / "static", "**/*")
    expected |= _package_files(SRC / "sphinxext" / "templates", "**/*")
    expected |= _package_files(SRC / "locale", "**/*.[pm]o")
    expected |= _package_files(SRC / "scaffold", "**/*.py")
    if not any(n.startswith("sphinx_rri/locale/") for n in expected):
        problems.append("the checkout has no message catalogs in src/sphinx_rri/locale")
    problems += [f"missing from the wheel: {n}" for n in sorted(expected - names)]
    meta = [n for n in names if n.endswith(".dist-info/METADATA")]
    if len(meta) != 1:
        problems.append("the wheel has no single METADATA file")
    else:
        text = zipfile.ZipFile(wheel).read(meta[0]).decode("utf-8")
        if f"\nVersion: {version()}\n" not in text:
            problems.append(f"METADATA does not say Version: {version()}")
    if not any(re.search(r"\.dist-info/licenses/LICENSE$", n) for n in names):
        problems.append("the wheel carries no LICENSE")
    entry_points = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    if not entry_points or "sphinx-rri = sphinx_rri.cli:main" not in zipfile.ZipFile(wheel).read(
        entry_points[0]
    ).decode("utf-8"):
        problems.append("the wheel does not install the sphinx-rri command")
    return problems


def sdist_problems(sdist: Path) -> list[str]:
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    problems = [
        f"does not belong in the sdist: {n}"
        for n in sorted(names)
        if re.search(r"(^|/)(__pycache__|\.pytest_cache|\.mypy_cache|_build)(/|$)|\.pyc$", n)
    ]
    for needed in (
        "LICENSE",
        "README.md",
        "CHANGELOG.md",
        "pyproject.toml",
        "src/sphinx_rri/py.typed",
    ):
        if needed not in names:
            problems.append(f"missing from the sdist: {needed}")
    return problems


def run(*command: str | Path, cwd: Path) -> str:
    shown = " ".join(str(c) for c in command)
    print(f"$ {shown}", flush=True)
    done = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")},
    )
    sys.stdout.write(done.stdout[-4000:])
    if done.returncode != 0:
        sys.stdout.write(done.stderr[-4000:])
        raise SystemExit(f"failed (exit status {done.returncode}): {shown}")
    return done.stdout


def try_wheel(wheel: Path) -> None:
    """Install the wheel into a fresh environment and use it from there."""
    with tempfile.TemporaryDirectory(prefix="sphinx-rri-release-") as tmp:
        work = Path(tmp)
        venv = work / "venv"
        run(sys.executable, "-m", "venv", venv, cwd=work)
        bindir = venv / ("Scripts" if os.name == "nt" else "bin")
        python = bindir / "python"
        # furo: the theme of the course in content/.
        run(python, "-m", "pip", "install", "--quiet", wheel, "furo", cwd=work)
        where = run(python, "-c", "import sphinx_rri; print(sphinx_rri.__file__)", cwd=work)
        if not Path(where.strip()).is_relative_to(venv):
            raise SystemExit(f"sphinx_rri was imported from {where.strip()}, not the wheel")
        said = run(bindir / "sphinx-rri", "--version", cwd=work).strip()
        if said != f"sphinx-rri {version()}":
            raise SystemExit(f"sphinx-rri --version says {said!r}")
        course = work / "content"
        run(
            sys.executable,
            "-c",
            "import shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2])",
            ROOT / "content",
            course,
            cwd=work,
        )
        run(bindir / "sphinx-rri", "validate", course, cwd=work)
        run(
            bindir / "sphinx-build",
            "-q",
            "-W",
            "--keep-going",
            "-b",
            "html",
            course,
            work / "html",
            cwd=work,
        )
        if not (work / "html" / "rri.json").is_file():
            raise SystemExit("the build from the wheel wrote no rri.json")
    print("the wheel installs and works from a fresh environment")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, help="the folder python -m build wrote")
    parser.add_argument("--contents-only", action="store_true")
    args = parser.parse_args()
    args.dist = args.dist.resolve()
    wheels = sorted(args.dist.glob("sphinx_rri-*.whl"))
    sdists = sorted(args.dist.glob("sphinx_rri-*.tar.gz"))
    if len(wheels) != 1 or len(sdists) > 1 or (not args.contents_only and not sdists):
        raise SystemExit(f"{args.dist}: expected one wheel and one sdist")
    problems = wheel_problems(wheels[0])
    if sdists:
        problems += sdist_problems(sdists[0])
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"{wheels[0].name}: contents as expected")
    if not args.contents_only:
        try_wheel(wheels[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
