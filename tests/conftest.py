"""Shared helpers: write a small Sphinx project and build it in-process.

``make_project`` writes a project from a mapping of relative paths to text; ``build``
runs ``sphinx-build`` through :func:`sphinx.cmd.build.build_main` and hands back the
output folder and the text of the warnings file (``-w``), with the source folder
replaced by ``<src>`` so that expectations do not depend on ``tmp_path``.

Tests get them as (session-scoped) fixtures of the same names, not by importing this
module: other folders of the suite have a ``conftest.py`` of their own, and
``from conftest import ...`` would pick whichever was imported last.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

DEFAULT_CONF = 'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n'


def pytest_configure(config: pytest.Config) -> None:
    # Every property test draws the same examples on every run, so a CI run fails
    # only on a change, never on luck; RRI_HYPOTHESIS_EXPLORE=1 draws new ones.
    from hypothesis import settings

    settings.register_profile(
        "sphinx-rri", derandomize=os.environ.get("RRI_HYPOTHESIS_EXPLORE") != "1"
    )
    settings.load_profile("sphinx-rri")
    # validate's page cache goes to a folder of the run's own, not the user's cache.
    import tempfile

    if "SPHINX_RRI_CACHE_DIR" not in os.environ:
        folder = tempfile.mkdtemp(prefix="sphinx-rri-cache-")
        os.environ["SPHINX_RRI_CACHE_DIR"] = folder
        config.add_cleanup(lambda: __import__("shutil").rmtree(folder, ignore_errors=True))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen",
        action="store_true",
        default=False,
        help="rewrite the regression files in tests/regression/ from a fresh build "
        "(same as RRI_REGEN=1)",
    )


@pytest.fixture(scope="session")
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen")) or os.environ.get("RRI_REGEN") == "1"


def write_project(tmp_path: Path, files: dict[str, str], conf: str = DEFAULT_CONF) -> Path:
    """Write ``conf.py`` and ``files`` under ``tmp_path``; return the source folder."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def run_build(
    srcdir: Path,
    builder: str,
    *,
    jobs: int = 1,
    warningiserror: bool = True,
    outdir: Path | None = None,
    fresh: bool = True,
    extra: tuple[str, ...] = (),
) -> tuple[Path, str]:
    """Build ``srcdir`` with ``builder``; return (output folder, warnings text).

    With ``warningiserror`` the build runs with ``-W`` and must succeed; without it the
    exit status is not checked, only the warnings are returned. ``fresh`` (``-E``)
    ignores a saved environment; pass False for an incremental build.
    """
    outdir = outdir or srcdir / "_build" / builder
    warnings_file = outdir.parent / f"warnings-{outdir.name}.txt"
    outdir.parent.mkdir(parents=True, exist_ok=True)
    # Doctrees go beside the output, not inside it, or the epub builder packs them.
    doctrees = outdir.parent / f".doctrees-{outdir.name}"
    args = ["-b", builder, "-q", "-w", str(warnings_file), "-d", str(doctrees), "-j", str(jobs)]
    if fresh:
        args.append("-E")
    if warningiserror:
        args.append("-W")
    args += [*extra, str(srcdir), str(outdir)]
    status = build_main(args)
    warnings = warnings_file.read_text(encoding="utf-8") if warnings_file.exists() else ""
    warnings = warnings.replace(str(srcdir) + os.sep, "<src>/")
    if warningiserror:
        assert status == 0, f"sphinx-build -b {builder} failed:\n{warnings}"
    return outdir, warnings


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def split_warnings(text: str) -> list[str]:
    """The warnings of a build, one per entry, without colours."""
    return [_ANSI.sub("", line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def make_project() -> Callable[..., Path]:
    """``make_project(tmp_path, files, conf=DEFAULT_CONF) -> srcdir``."""
    return write_project


@pytest.fixture(scope="session")
def build() -> Callable[..., tuple[Path, str]]:
    """``build(srcdir, builder, *, jobs=1, warningiserror=True, ...) -> (outdir, warnings)``."""
    return run_build


@pytest.fixture(scope="session")
def warning_lines() -> Callable[[str], list[str]]:
    """``warning_lines(warnings) -> [line, ...]``, without colours."""
    return split_warnings
