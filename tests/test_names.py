"""Which directive and role names ``validate`` knows, compared with what a build registers.

``validate`` never loads Sphinx's build machinery, so it carries the names a build of a
project with ``extensions = ["sphinx_rri"]`` knows (docutils', Sphinx's, MyST's,
sphinx-tabs' and this extension's) as a list; this test builds that list from a real
Sphinx application and fails when they part (a new docutils, Sphinx or MyST release).
Other extensions' names are learnt from their ``setup``, which the last tests check.
"""

from __future__ import annotations

import contextlib
import importlib
import pprint
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docutils.parsers.rst import directives, roles
from docutils.parsers.rst.languages import en
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from sphinx_rri.contract.directive_specs import DirectiveSpec, directive_specs
from sphinx_rri.contract.names import (
    CONTRACT_DIRECTIVES,
    CORE_DIRECTIVES,
    CORE_ROLES,
    suggestion,
    unknown_name,
)
from sphinx_rri.reader.extensions import known_names


@contextlib.contextmanager
def _application(tmp_path: Path, extensions: list[str]) -> Iterator[Sphinx]:
    """A Sphinx application of a one-page project with ``extensions``; as sphinx-build
    does, what it registers is undone afterwards."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "conf.py").write_text(f"extensions = {extensions!r}\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("# Index\n", encoding="utf-8")
    with patch_docutils(tmp_path), docutils_namespace():
        yield Sphinx(
            str(tmp_path),
            str(tmp_path),
            str(tmp_path / "_build"),
            str(tmp_path / "_doctrees"),
            "dummy",
            status=None,
            warning=None,
        )


def registered(tmp_path: Path, extensions: list[str]) -> tuple[set[str], set[str]]:
    """Every directive and role name a Sphinx application with ``extensions`` knows."""
    with _application(tmp_path, extensions) as app:
        found_directives = set(directives._directive_registry) | set(directives._directives)
        found_directives |= set(en.directives)
        found_roles = set(roles._role_registry) | set(roles._roles) | set(en.roles)
    for domain in app.env.domains.sorted():
        for name in domain.directives:
            found_directives.add(f"{domain.name}:{name}")
            if domain.name in ("py", "std"):
                found_directives.add(name)
        for name in domain.roles:
            found_roles.add(f"{domain.name}:{name}")
            if domain.name in ("py", "std"):
                found_roles.add(name)
    return found_directives, found_roles


def _kind(converter: object) -> str:
    """The name ``sphinx_rri.contract.directive_specs`` gives an option's converter."""
    kinds = {
        directives.flag: "flag",
        directives.unchanged: "any",
        directives.unchanged_required: "required",
        directives.path: "required",
        directives.uri: "required",
        directives.class_option: "class",
        directives.nonnegative_int: "int>=0",
        directives.positive_int: "int>0",
        int: "int",
    }
    return kinds.get(converter, "other")  # type: ignore[call-overload]


def registered_specs(tmp_path: Path) -> dict[str, DirectiveSpec]:
    """How each directive a build of ``extensions = ["sphinx_rri"]`` knows, other than
    the contract's, takes its arguments, options and content (from its class)."""
    with _application(tmp_path, ["sphinx_rri"]) as app:
        classes: dict[str, Any] = {}
        for name, (module, class_name) in directives._directive_registry.items():
            found = importlib.import_module(f"docutils.parsers.rst.directives.{module}")
            classes[name] = getattr(found, class_name)
        for alias, name in en.directives.items():
            if name in classes:
                classes.setdefault(alias, classes[name])
        classes.update(directives._directives)
        for domain in app.env.domains.sorted():
            for name, found in domain.directives.items():
                classes[f"{domain.name}:{name}"] = found
                if domain.name in ("py", "std"):
                    classes.setdefault(name, found)
    return {
        name: (
            found.required_arguments,
            found.optional_arguments,
            bool(found.final_argument_whitespace),
            bool(found.has_content),
            {key: _kind(value) for key, value in sorted((found.option_spec or {}).items())},
        )
        for name, found in sorted(classes.items())
        if name not in CONTRACT_DIRECTIVES
    }


def test_validate_knows_how_a_build_splits_other_directives(tmp_path: Path) -> None:
    """Arguments, options and content of docutils', Sphinx's and sphinx-tabs'
    directives, as validate splits them in reStructuredText (a new release that
    changes one fails here; the message is the table to paste)."""
    # In a process of its own: other tests register directives of other extensions in
    # docutils' registry for the whole process.
    import json
    import subprocess
    import sys

    code = (
        "import json, sys, pathlib\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import test_names\n"
        f"print(json.dumps(test_names.registered_specs(pathlib.Path({str(tmp_path)!r}))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    built = {
        name: (r, o, w, c, dict(options))
        for name, (r, o, w, c, options) in json.loads(done.stdout.splitlines()[-1]).items()
    }
    known = directive_specs()
    differ = {
        name: (known.get(name), built.get(name))
        for name in sorted(set(built) | set(known))
        if known.get(name) != built.get(name)
    }
    if differ:
        pytest.fail(
            "directive_specs() differs from the build (known, built):\n"
            + pprint.pformat(differ, width=100)
        )


def test_validate_knows_the_names_a_build_knows(tmp_path: Path) -> None:
    built_directives, built_roles = registered(tmp_path, ["sphinx_rri"])
    # MyST reads eval-rst itself in a backtick fence, without registering it: in a colon
    # fence or in reStructuredText the name is unknown, to both gates.
    assert built_directives == CORE_DIRECTIVES
    assert built_roles == CORE_ROLES


def test_names_of_other_extensions_come_from_their_setup(tmp_path: Path) -> None:
    names = known_names(
        ["sphinx_rri", "sphinx_design", "sphinx.ext.todo", "sphinx.ext.extlinks"],
        tmp_path,
        {"extlinks": {"issue": ("https://example.org/%s", "#%s")}},
    )
    assert names.complete
    built_directives, built_roles = registered(
        tmp_path / "b", ["sphinx_rri", "sphinx_design", "sphinx.ext.todo"]
    )
    for name in ("grid", "tab-set", "card", "todo", "todolist"):
        assert name in built_directives and names.has_directive(name), name
    assert names.has_role("octicon") and "octicon" in built_roles
    assert names.has_role("issue")
    assert not names.has_directive("frobnicate")
    # Without a literal extlinks (the static reading of conf.py skips it), its roles
    # cannot be told.
    assert not known_names(["sphinx.ext.extlinks"], tmp_path, {}).complete


def test_an_extension_that_cannot_be_read_limits_what_is_reported(tmp_path: Path) -> None:
    (tmp_path / "local_ext.py").write_text("raise SystemExit('never imported')\n")
    names = known_names(["sphinx_rri", "local_ext", "no_such_extension_x"], tmp_path, {})
    assert not names.complete
    assert set(names.unread) == {"local_ext", "no_such_extension_x"}
    # Near misses of the contract's names are still reported; other names may be the
    # unread extension's.
    assert names.reports_directive("task-crad")
    assert not names.reports_directive("frobnicate")
    assert not names.reports_role("frobnicate")


@pytest.mark.parametrize(
    ("name", "kind", "meant"),
    [
        ("task-crad", "directive", "task-card"),
        ("Human-Factor", "directive", "human-factors"),
        ("notee", "directive", "note"),
        ("rri:tsk", "role", "rri:task"),
        ("frobnicate-zz", "directive", None),
    ],
)
def test_hints(name: str, kind: str, meant: str | None) -> None:
    assert suggestion(name, kind) == meant


def test_the_fix_replaces_the_name_as_written() -> None:
    diag = unknown_name("directive", "task-crad", "page", 8, "page.md", "{task-crad}")
    assert diag.fix is not None
    assert (diag.fix.line, diag.fix.old, diag.fix.new) == (8, "{task-crad}", "{task-card}")
    assert unknown_name("role", "frobz", "page", 3, "page.md", "{frobz}`").fix is None


def test_the_installed_sphinx_version_is_read_without_importing_sphinx() -> None:
    """validate learns which Sphinx the build would run from Sphinx's own file, without
    importing it; the version-note names follow it."""
    import subprocess
    import sys

    import sphinx

    from sphinx_rri.contract.names import CORE_DIRECTIVES, SPHINX_9_DIRECTIVES

    probe = (
        "import sys; from sphinx_rri.contract.names import installed_sphinx_major as m; "
        "print(m(), 'sphinx' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == [str(sphinx.version_info[0]), "False"]
    assert (SPHINX_9_DIRECTIVES <= CORE_DIRECTIVES) == (sphinx.version_info[0] >= 9)


@pytest.mark.parametrize("language", ["en", "de", "de-AT", "fr", "pt_BR", "zh_cn", "xx"])
def test_localised_names_are_read_as_docutils_reads_them(language: str) -> None:
    """validate reads docutils' directive names of a language from its module's literal
    (importing docutils' rST parser would cost every run), and finds the same."""
    from docutils.parsers.rst.languages import get_language

    from sphinx_rri.reader.scanner import _docutils_directive_names

    module = get_language(language)
    assert _docutils_directive_names(language) == (dict(module.directives) if module else {})


def test_validate_does_not_import_docutils_rst_parser(tmp_path: Path) -> None:
    """Nor Pygments, which docutils' parser brings with it."""
    import subprocess
    import sys

    (tmp_path / "conf.py").write_text('extensions = ["sphinx_rri"]\nlanguage = "de"\n')
    (tmp_path / "index.md").write_text("# T\n\n:::{roh} html\n<b>x</b>\n:::\n\n:::{note}\nN\n:::\n")
    code = (
        "import sys\nfrom sphinx_rri.cli import main\n"
        f"main(['validate', '--no-cache', {str(tmp_path)!r}])\n"
        "heavy = ('docutils.parsers.rst', 'pygments')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "raw" in done.stdout or "roh" in done.stdout, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout
