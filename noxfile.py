"""Builds and checks for sphinx-rri: the sessions build, tests, docs, lint, bench and
release-check."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.options.sessions = ["build", "tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def build(session: nox.Session) -> None:
    """Validate the course in content/ and build it to HTML, failing on any warning."""
    session.install(".", "furo")
    session.run("sphinx-rri", "validate", "content")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "content",
        "content/_build/html",
        *session.posargs,
    )


@nox.session
@nox.parametrize("sphinx", ["8", "9"])
def tests(session: nox.Session, sphinx: str) -> None:
    """Run the whole test suite on each supported Sphinx (8 and 9); the browser tests
    follow in a session of their own. `nox -s "tests(sphinx='9')"` runs one."""
    session.install(".[test]", f"sphinx>={sphinx},<{int(sphinx) + 1}")
    session.run("pytest", "--ignore=tests/browser", *session.posargs)
    session.notify("browser")


@nox.session
def browser(session: nox.Session) -> None:
    """Drive the built course in Debian's Chromium (see .ci/install-browser)."""
    session.install(".[test,browser]")
    # Debian's Chromium, installed with apt-get when missing (Playwright cannot download
    # a browser of its own here).
    session.run("bash", ".ci/install-browser", external=True)
    session.run("pytest", "tests/browser", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the extension's documentation with the extension, failing on any warning."""
    session.install(".[docs]")
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session
def catalogs(session: nox.Session) -> None:
    """Write the gettext template of the fixed texts from the code, update every
    language's catalog and compile it (``-- --add LANG`` starts a language,
    ``-- --check`` only reports what is out of date)."""
    session.install(".")  # Babel comes with Sphinx
    session.run(
        "python",
        "-m",
        "sphinx_rri.contract.catalogs",
        "--locale-dir",
        "src/sphinx_rri/locale",
        *session.posargs,
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks and print a table of ratios; not part of `tests`.

    `nox -s bench -- --quick` for a short run; `nox -s bench -- --docs` rewrites the
    results in docs/performance.md and the chart docs/_static/scaling.png.
    """
    session.install(".[lsp]", "matplotlib>=3.8")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff on everything, mypy on the package."""
    session.install(".[lint]")
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("mypy")


@nox.session(name="release-check")
def release_check(session: nox.Session) -> None:
    """Build the sdist and the wheel, check them, and try the wheel in a fresh venv.

    `twine check` reads the metadata; ci/release_check.py checks what the archives hold
    (schemas, static files, message catalogs, py.typed; no tests or caches), then
    installs the wheel into a new virtual environment and runs `sphinx-rri --version`,
    `sphinx-rri validate` and a `-W` build of the course from there.
    """
    session.install("build>=1", "twine>=5")
    dist = Path(session.create_tmp()) / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))
    session.run("twine", "check", "--strict", *sorted(str(p) for p in dist.iterdir()))
    session.run("python", "ci/release_check.py", str(dist))
