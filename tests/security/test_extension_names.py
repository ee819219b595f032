"""validate learns the names other extensions define without running the repository's code.

An extension listed in ``conf.py`` whose top-level package lives in the repository is
never imported, even by a dotted name (``find_spec("pkg.sub")`` imports ``pkg``), and
even when validate runs from the repository's folder, which puts it on the path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = "---\ntitle: P\ntrack: rri\nmodule: m\n---\n# P\n\n:::{note}\nText.\n:::\n"


@pytest.mark.parametrize("listed", ["planted", "planted.sub", "planted.sub.deeper"])
def test_a_package_of_the_repository_is_never_imported(tmp_path: Path, listed: str) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    package = repo / "planted"
    (package / "sub").mkdir(parents=True)
    marker = tmp_path / "ran"
    code = f"open({str(marker)!r}, 'w').write('ran')\n"
    (package / "__init__.py").write_text(code, encoding="utf-8")
    (package / "sub" / "__init__.py").write_text(code, encoding="utf-8")
    course = repo / "course"
    course.mkdir()
    (course / "conf.py").write_text(f'extensions = ["sphinx_rri", "{listed}"]\n', encoding="utf-8")
    (course / "index.md").write_text(PAGE, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}
    # ``python -m`` puts the working folder, the repository, first on the path.
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_rri", "validate", "--no-cache", "course"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr
    assert not marker.exists(), done.stdout + done.stderr


FAKE_EXTENSION = """
import os


def setup(app):
    # What an extension may do beyond registering names: patch Sphinx and docutils for
    # the whole process, change the environment, print.
    import sphinx.search
    from docutils.parsers.rst import directives

    sphinx.search.PATCHED_BY_FAKE_EXTENSION = True
    os.environ["FAKE_EXTENSION_PATCHED"] = "1"
    directives.register_directive("fake-docutils", object)
    print("an extension that prints")
    app.add_directive("fake-thing", object)
    app.add_role("fake-role", object)
    {more}
    return {{}}
"""


def test_learning_names_leaves_this_process_unpatched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sphinx.search
    from docutils.parsers.rst import directives

    from sphinx_rri.reader import extensions

    site = tmp_path / "site" / "fake_extension"
    site.mkdir(parents=True)
    init = site / "__init__.py"
    init.write_text(FAKE_EXTENSION.format(more=""), encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv("SPHINX_RRI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(extensions, "_LEARNT", {})
    listed = ["sphinx_rri", "fake_extension"]

    names = extensions.known_names(listed, repo, {})
    assert names.has_directive("fake-thing") and names.has_directive("fake-docutils")
    assert names.has_role("fake-role") and names.complete
    # Nothing of the setup happened here.
    assert "fake_extension" not in sys.modules
    assert not hasattr(sphinx.search, "PATCHED_BY_FAKE_EXTENSION")
    assert "FAKE_EXTENSION_PATCHED" not in os.environ
    assert "fake-docutils" not in directives._directives

    # A warm run reads the names from the cache and starts no process.
    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process was started")

    monkeypatch.setattr(extensions, "_LEARNT", {})
    monkeypatch.setattr(subprocess, "run", no_process)
    assert extensions.known_names(listed, repo, {}) == names
    monkeypatch.undo()

    # An upgrade of the extension changes its files: the names are learnt again.
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv("SPHINX_RRI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(extensions, "_LEARNT", {})
    init.write_text(
        FAKE_EXTENSION.format(more='app.add_directive("fake-new", object)'), encoding="utf-8"
    )
    stamp = init.stat().st_mtime_ns + 10**9
    os.utime(init, ns=(stamp, stamp))
    assert extensions.known_names(listed, repo, {}).has_directive("fake-new")


def test_an_extension_whose_learning_fails_is_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_rri.reader import extensions

    site = tmp_path / "site" / "broken_extension"
    site.mkdir(parents=True)
    (site / "__init__.py").write_text("import os\nos._exit(3)\n", encoding="utf-8")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv("SPHINX_RRI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(extensions, "_LEARNT", {})
    names = extensions.known_names(["broken_extension"], tmp_path / "repo", {})
    assert not names.complete and names.unread == ("broken_extension",)
