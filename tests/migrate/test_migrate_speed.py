"""What the generated ``conf.py`` does for the build's speed changes no byte of the site.

The migration writes a ``plain_templates`` handler (the theme's templates rendered by
Jinja without its sandbox) and installs PyStemmer with the ``migrate`` extra (the C
build of the Snowball stemmer that Sphinx's search index uses when it is there). Both
only make the build faster: the sample built with them and built without them (the
handler disconnected, PyStemmer hidden from the build) must give identical output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from migrate_helpers import REPO, require_sample, tree_bytes

from sphinx_rri.migrate import migrate_site

CONNECT = "    app.connect('builder-inited', plain_templates)\n"

#: Appended to a copy's conf.py: which Jinja environment and which stemmer the build used.
PROBE = """

import os


def _probe(app, exception):
    import snowballstemmer

    stemmer = type(snowballstemmer.stemmer('english'))
    environment = type(app.builder.templates.environment)
    with open(os.path.join(app.outdir, '..', 'probe.txt'), 'w', encoding='utf-8') as out:
        out.write(f'{environment.__module__}.{environment.__name__} {stemmer.__module__}')


_setup_as_written = setup


def setup(app):
    _setup_as_written(app)
    app.connect('build-finished', _probe)
"""


def _build(site: Path, out: Path, *, hide_stemmer: Path | None = None) -> str:
    env = dict(os.environ)
    path = [str(REPO / "src"), env.get("PYTHONPATH", "")]
    if hide_stemmer is not None:
        path.insert(0, str(hide_stemmer))
    env["PYTHONPATH"] = os.pathsep.join(p for p in path if p)
    doctrees = str(out.parent / f"{out.name}-doctrees")
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "dirhtml"]
    done = subprocess.run(
        [*command, "-d", doctrees, str(site), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return (out.parent / "probe.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("theme", ["sphinx_immaterial", "furo"])
def test_the_speed_settings_change_no_byte_of_the_site(tmp_path: Path, theme: str) -> None:
    pytest.importorskip("Stemmer", reason="PyStemmer comes with the migrate extra")
    dest = tmp_path / "dest"
    migrate_site(require_sample(), dest, progress=False, theme=theme)
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert conf.count(CONNECT) == 1, "the generated setup() connects plain_templates"

    # The site as written, and a copy of it without the handler.
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    shutil.copytree(dest, fast / "site")
    shutil.copytree(dest, slow / "site")
    (fast / "site" / "conf.py").write_text(conf + PROBE, encoding="utf-8")
    (slow / "site" / "conf.py").write_text(conf.replace(CONNECT, "") + PROBE, encoding="utf-8")
    hidden = tmp_path / "no-pystemmer"
    hidden.mkdir()
    (hidden / "Stemmer.py").write_text("raise ImportError('hidden for this test')\n")

    used = _build(fast / "site", fast / "html")
    assert used == "jinja2.environment.Environment Stemmer", used
    unused = _build(slow / "site", slow / "html", hide_stemmer=hidden)
    assert unused.startswith("jinja2.sandbox.SandboxedEnvironment snowballstemmer"), unused

    written, reference = tree_bytes(fast / "html"), tree_bytes(slow / "html")
    assert written.keys() == reference.keys()
    differing = [name for name in written if written[name] != reference[name]]
    assert not differing, f"the speed settings changed {differing[:5]}"
    assert "searchindex.js" in written


def test_the_result_is_validated_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No second interpreter for ``validate`` (only the learning of extension names, which
    validate keeps in a process of its own, may start one), and the same review items."""
    started: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(argv, *args, **kwargs):  # type: ignore[no-untyped-def]
        started.append([str(a) for a in argv])
        return real_run(argv, *args, **kwargs)

    monkeypatch.setattr(subprocess, "run", recording_run)
    report = migrate_site(require_sample(), tmp_path / "dest", progress=False)
    assert not [argv for argv in started if "validate" in argv], started
    text = report.to_markdown()
    assert "could not check" not in text
    assert report.pages, text


def test_a_result_validate_cannot_read_is_reviewed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sphinx_rri.reader.project as project

    def unreadable(path: Path, **kwargs: object) -> None:
        raise project.ProjectError(f"{path}: conf.py cannot be read")

    monkeypatch.setattr(project, "load_project", unreadable)
    report = migrate_site(require_sample(), tmp_path / "dest", progress=False)
    assert report.exit_code == 1
    assert "`sphinx-rri validate` could not check the result" in report.to_markdown()


def test_the_migrate_command_imports_no_other_command() -> None:
    """``sphinx-rri migrate`` builds its own arguments only: not the diff's, not the
    scaffold's (whose imports are part of every migration's start-up)."""
    code = (
        "import sys\nfrom sphinx_rri.cli import build_parser\n"
        "build_parser('migrate').parse_args(['migrate', 'a', 'b'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('sphinx_rri.')))"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO / "src"), env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded = done.stdout
    assert "'sphinx_rri.migrate'" in loaded
    assert "sphinx_rri.outputs.diff" not in loaded
    assert "sphinx_rri.scaffold" not in loaded


def test_the_names_the_migration_writes_are_the_extensions_own() -> None:
    """Each name of the migration's table is one its extension registers (as validate
    learns them, in a process of its own), and none is close to a contract name, so a
    validation with the table finds what one with the learnt names finds."""
    from sphinx_rri.contract.names import KnownNames
    from sphinx_rri.migrate.site import WRITTEN_NAMES
    from sphinx_rri.reader.extensions import _learn_elsewhere, _path_for_child

    nothing = KnownNames(frozenset(), frozenset(), complete=False)
    for extension, (directives, roles) in WRITTEN_NAMES.items():
        learnt = _learn_elsewhere([extension], REPO, _path_for_child())
        assert learnt is not None, f"{extension}'s names could not be learnt"
        assert directives <= set(learnt["directives"]), (extension, learnt["directives"])
        assert roles <= set(learnt["roles"]), (extension, learnt["roles"])
        close = [d for d in directives if nothing.reports_directive(d)]
        close += [r for r in roles if nothing.reports_role(r)]
        assert not close, f"{extension}: {close} are close to the contract's names"


ODD_PAGE = "# Odd\n\nText {abc}`def` here.\n\n:::{baz}\nx\n:::\n\n:octicons-book-16: Read\n"


@pytest.mark.parametrize("site", ["sample", "odd"])
def test_the_table_of_names_changes_no_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: str
) -> None:
    """The sample is validated without learning any extension's names; a page that uses
    a name the migration does not write has them learnt; the report is the one
    validate's own learning gives, either way.

    The migration escapes the text MyST would read as a directive (``:::{baz}``), so
    for the odd site that escape is switched off: the page then carries a name no
    extension of the table writes, as a page could through a gap not yet known."""
    import sphinx_rri.migrate.render as render_module
    import sphinx_rri.migrate.site as site_module
    import sphinx_rri.reader.extensions as extensions

    if site == "odd":
        monkeypatch.setattr(render_module, "escape_myst_line", lambda line: (line, None))
    if site == "sample":
        src = require_sample()
    else:
        src = tmp_path / "odd"
        (src / "docs").mkdir(parents=True)
        (src / "mkdocs.yml").write_text("site_name: Odd\nmarkdown_extensions:\n  - attr_list\n")
        (src / "docs" / "index.md").write_text(ODD_PAGE)
    monkeypatch.setenv("SPHINX_RRI_CACHE_DIR", str(tmp_path / "cache"))
    learnt: list[list[str]] = []
    real = extensions._learn_elsewhere

    def recording(listed, folder, path):  # type: ignore[no-untyped-def]
        learnt.append(list(listed))
        return real(listed, folder, path)

    monkeypatch.setattr(extensions, "_learn_elsewhere", recording)
    fast = migrate_site(src, tmp_path / "fast", progress=False).to_markdown()
    assert bool(learnt) == (site == "odd"), learnt
    extensions._LEARNT.clear()
    monkeypatch.setattr(site_module, "written_names", lambda listed: None)
    slow = migrate_site(src, tmp_path / "slow", progress=False).to_markdown()
    assert learnt, "without the table the names are learnt"
    assert fast == slow
    assert tree_bytes(tmp_path / "fast") == tree_bytes(tmp_path / "slow")
