"""Whole-site behaviour: safety, determinism, failures, navigation and conf.py.

The small sites here are written by the tests themselves; the real sample is used where
the property is about real input (SRC untouched, determinism).
"""

from __future__ import annotations

import argparse
import io
import os
from pathlib import Path

import pytest
from migrate_helpers import require_sample, sphinx_build, tree_bytes

from sphinx_rri.migrate import UsageError, add_arguments, migrate_site, run


def write_site(root: Path, files: dict[str, str | bytes], config: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(
        config
        or "site_name: Field School\n"
        "markdown_extensions:\n  - admonition\n  - pymdownx.details\n  - pymdownx.superfences\n"
        "  - pymdownx.tabbed:\n      alternate_style: true\n  - attr_list\n  - md_in_html\n",
        encoding="utf-8",
    )
    for path, content in files.items():
        target = root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return run(parser.parse_args(list(argv)))


# -- safety -------------------------------------------------------------------------------


def test_src_is_never_written(tmp_path: Path) -> None:
    sample = require_sample()
    before = {
        path: (path.stat().st_mtime_ns, path.read_bytes())
        for path in sorted(sample.rglob("*"))
        if path.is_file()
    }
    migrate_site(sample, tmp_path / "dest", progress=False)
    after = {
        path: (path.stat().st_mtime_ns, path.read_bytes())
        for path in sorted(sample.rglob("*"))
        if path.is_file()
    }
    assert after == before


def test_refuses_a_non_empty_dest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_site(tmp_path / "src", {"index.md": "# Home\n"})
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine")
    assert cli(str(src), str(dest)) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in dest.iterdir()) == ["keep.txt"]
    # --force writes beside what is there and leaves the rest alone.
    assert cli(str(src), str(dest), "--force", "--quiet") == 0
    assert (dest / "keep.txt").read_text() == "mine"
    assert (dest / "index.md").is_file()


def test_refuses_dest_inside_src(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {"index.md": "# Home\n"})
    with pytest.raises(UsageError, match="outside SRC"):
        migrate_site(src, src / "out", progress=False)
    assert not (src / "out").exists()


def test_a_folder_without_mkdocs_yml_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    assert cli(str(tmp_path / "src"), str(tmp_path / "dest"), "--quiet") == 2


def test_bad_track_option_is_a_usage_error(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {"index.md": "# Home\n"})
    assert cli(str(src), str(tmp_path / "dest"), "--track", "Not A Slug") == 2


def test_two_runs_give_identical_trees(tmp_path: Path) -> None:
    sample = require_sample()
    migrate_site(sample, tmp_path / "one", progress=False)
    migrate_site(sample, tmp_path / "two", progress=False)
    one, two = tree_bytes(tmp_path / "one"), tree_bytes(tmp_path / "two")
    assert sorted(one) == sorted(two)
    for path in one:
        assert one[path] == two[path], path


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    migrate_site(require_sample(), tmp_path / "dest", progress=False)
    leftovers = [p for p in (tmp_path / "dest").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


# -- failures -----------------------------------------------------------------------------


def test_an_unreadable_page_is_reported_and_the_rest_migrate(tmp_path: Path) -> None:
    src = write_site(
        tmp_path / "src",
        {
            "index.md": "# Home\n\nWelcome.\n",
            "good.md": "# Good\n\n!!! note\n\n    Fine.\n",
            "broken-yaml.md": "---\ntitle: [unclosed\n---\n\n# Broken\n",
            "latin1.md": "# Caf\xe9\n".encode("latin-1"),
        },
        config="site_name: Field School\nnav:\n  - index.md\n  - good.md\n"
        "  - broken-yaml.md\n  - latin1.md\n",
    )
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False)
    status = {page.path: page.status for page in report.pages}
    assert status["good.md"] == "ok"
    assert status["broken-yaml.md"] == "failed"
    assert status["latin1.md"] == "failed"
    failures = {page.path: page.failed for page in report.pages if page.failed}
    assert "not valid YAML at line 2" in failures["broken-yaml.md"]
    assert "not UTF-8" in failures["latin1.md"]
    assert (dest / "good.md").is_file()
    assert not (dest / "broken-yaml.md").exists()
    assert report.exit_code == 1
    text = (dest / "migration-report.md").read_text()
    assert "`broken-yaml.md`: failed" in text
    # The root's toctree lists only what was migrated, so the site still builds.
    index = (dest / "index.md").read_text()
    assert "/good" in index and "broken-yaml" not in index
    result = sphinx_build(dest, tmp_path / "html")
    assert result.returncode == 0, result.stderr


# -- navigation ---------------------------------------------------------------------------

NAV_CONFIG = """\
site_name: Field School
nav:
  - Home: index.md
  - Basics:
      - basics/index.md
      - Safety: basics/safety.md
      - Kit:
          - basics/kit/index.md
          - Packing list: basics/kit/packing.md
          - Missing page: basics/kit/gone.md
      - Extras:
          - Maps: basics/maps.md
  - Elsewhere: https://example.org/
  - Advanced:
      - Deep water: advanced/deep.md
"""


def test_nav_becomes_toctrees(tmp_path: Path) -> None:
    src = write_site(
        tmp_path / "src",
        {
            "index.md": "# Home\n",
            "basics/index.md": "# Basics\n",
            "basics/safety.md": "# Safety\n",
            "basics/kit/index.md": "# Kit\n",
            "basics/kit/packing.md": "# Packing\n",
            "basics/maps.md": "# Maps\n",
            "advanced/deep.md": "# Deep water\n",
            "extra.md": "# Not in nav\n",
        },
        config=NAV_CONFIG,
    )
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False)
    # Top-level sections become captioned toctrees on the root page ("Home" is the root).
    index = (dest / "index.md").read_text()
    assert ":caption: Basics" in index and ":caption: Advanced" in index
    assert "/basics/index\nSafety </basics/safety>" in index
    assert "Elsewhere <https://example.org/>" in index
    # A deeper section is hosted by its index page, which gets a hidden toctree...
    assert "Kit </basics/kit/index>" in index
    kit = (dest / "basics/kit/index.md").read_text()
    assert ":hidden:" in kit and "Packing list </basics/kit/packing>" in kit
    # ...and one with no index page gets a generated section page.
    assert "Extras </_sections/basics--extras>" in index
    generated = (dest / "_sections" / "basics--extras.md").read_text()
    assert generated.startswith("# Extras\n") and "Maps </basics/maps>" in generated
    # A page outside nav is an orphan; a nav entry without a page is reported.
    assert "orphan: true" in (dest / "extra.md").read_text()
    site_notes = " ".join(f.message for f in report.site)
    assert "basics/kit/gone.md" in site_notes
    result = sphinx_build(dest, tmp_path / "html", "-W", "--keep-going")
    assert result.returncode == 0, result.stderr


def test_without_nav_the_folder_tree_is_used(tmp_path: Path) -> None:
    src = write_site(
        tmp_path / "src",
        {"a.md": "# A\n", "topic/index.md": "# Topic\n", "topic/b.md": "# B\n"},
        config="site_name: Field School\n",
    )
    dest = tmp_path / "dest"
    migrate_site(src, dest, progress=False)
    index = (dest / "index.md").read_text()
    assert index.startswith("# Field School\n")
    assert "\n/a\n" in index
    assert ":caption: Topic" in index and "/topic/index\n/topic/b\n" in index


# -- configuration ------------------------------------------------------------------------


def test_conf_py_is_derived_from_mkdocs_yml(tmp_path: Path) -> None:
    config = """\
site_name: Field School
copyright: Copyright &copy; 2031 The Field School
theme:
  name: material
  language: en
  logo: img/logo.png
markdown_extensions:
  - def_list
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.tasklist
  - pymdownx.tilde
  - pymdownx.tabbed
extra_css:
  - css/site.css
extra_javascript:
  - js/site.js
plugins:
  - search
  - some-plugin
"""
    src = write_site(
        tmp_path / "src",
        {
            "index.md": '# Home\n\n=== "A"\n\n    One.\n',
            "img/logo.png": b"\x89PNG",
            "css/site.css": "body {}\n",
            "js/site.js": "//\n",
        },
        config=config,
    )
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False, theme="alabaster")
    conf = (dest / "conf.py").read_text()
    namespace: dict[str, object] = {}
    exec(compile(conf, "conf.py", "exec"), namespace)
    assert namespace["project"] == "Field School"
    assert namespace["copyright"] == "2031 The Field School"
    assert namespace["extensions"] == ["myst_parser", "sphinx_design", "sphinx_rri"]
    assert {"colon_fence", "deflist", "dollarmath", "tasklist", "strikethrough"} <= set(
        namespace["myst_enable_extensions"]  # type: ignore[arg-type]
    )
    assert namespace["html_theme"] == "alabaster"
    assert namespace["html_logo"] == "img/logo.png"
    assert namespace["html_css_files"] == ["css/site.css"]
    assert (dest / "_static/css/site.css").is_file()
    assert (dest / "img/logo.png").read_bytes() == b"\x89PNG"
    reviews = [f.message for f in report.site if f.review]
    assert any("js/site.js" in m for m in reviews)
    assert any("some-plugin" in m for m in reviews)
    result = sphinx_build(dest, tmp_path / "html")
    assert result.returncode == 0, result.stderr


def test_snippets_outside_src_are_never_read(tmp_path: Path) -> None:
    (tmp_path / "secret.md").write_text("TOP SECRET\n")
    config = "site_name: S\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['..']\n"
    src = write_site(
        tmp_path / "src", {"index.md": '# Home\n\n--8<-- "secret.md"\n'}, config=config
    )
    migrate_site(src, tmp_path / "dest", progress=False)
    text = (tmp_path / "dest" / "index.md").read_text()
    assert "TOP SECRET" not in text
    assert "snippet not found: secret.md" in text


def test_progress_bar_only_when_asked(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {"index.md": "# Home\n", "b.md": "# B\n"})
    stream = io.StringIO()
    migrate_site(src, tmp_path / "one", progress=True, stream=stream)
    assert "\r[" in stream.getvalue() and "2/2" in stream.getvalue()
    quiet = io.StringIO()
    migrate_site(src, tmp_path / "two", stream=quiet)  # a StringIO is not a terminal
    assert quiet.getvalue() == ""


def test_task_ids_stay_unique_across_pages(tmp_path: Path) -> None:
    page = (
        "# {t}\n\n## Review\n\n### Task Description\n\nCheck.\n\n### Importance of Task\n\n"
        'Matters.\n\n### Illustrative Example\n\n=== "Health care"\n\n    Coming soon.\n'
    )
    src = write_site(
        tmp_path / "src", {"a-101-1.md": page.format(t="A"), "b-101-1.md": page.format(t="B")}
    )
    dest = tmp_path / "dest"
    migrate_site(src, dest, progress=False)
    assert ":id:" not in (dest / "a-101-1.md").read_text()
    assert ":id: b-101-1-review" in (dest / "b-101-1.md").read_text()


def test_cli_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_site(tmp_path / "src", {"index.md": "# Home\n"})
    assert cli(str(src), str(tmp_path / "dest")) == 0
    out = capsys.readouterr().out
    assert "ok      index.md" in out
    assert "migration-report.md" in out
    assert os.path.isfile(tmp_path / "dest" / "migration-report.md")


def test_a_conf_py_in_docs_does_not_replace_the_generated_one(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {"index.md": "# Home\n", "conf.py": "raise SystemExit\n"})
    report = migrate_site(src, tmp_path / "dest", progress=False)
    assert "sphinx-rri migrate" in (tmp_path / "dest" / "conf.py").read_text()
    assert any("conf.py of its own" in f.message for f in report.site if f.review)


# -- the theme ------------------------------------------------------------------------------

THEMED = """\
site_name: Field School
site_url: https://field.example.org/
repo_url: https://git.example.org/field/school
theme:
  name: material
  features:
    - navigation.tabs
    - content.code.annotate
    - toc.follow
  palette:
    - scheme: default
      primary: indigo
      accent: deep orange
      toggle:
        icon: material/brightness-7
        name: Dark mode
    - scheme: slate
      toggle:
        icon: material/brightness-4
        name: Light mode
markdown_extensions:
  - admonition
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""
THEMED_PAGES = {
    "index.md": "# Field School\n\n!!! note\n\n    Start here.\n\n- [Lifecycle](course/stage.md)\n",
    "course/stage.md": (
        "# Stage\n\n## Survey Design\n\n### Task Description\n\nPlan the survey.\n\n"
        "### Importance of the Task\n\nA bad plan wastes a season.\n\n"
        '### Illustrative Examples\n\n=== "Health care"\n\n    A clinic survey.\n\n'
        '=== "Environmental Sciences"\n\n    A river survey.\n'
    ),
}


def test_sphinx_immaterial_gets_the_palette_and_features(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", THEMED_PAGES, THEMED)
    migrate_site(src, tmp_path / "dest", progress=False)
    namespace: dict[str, object] = {}
    conf = (tmp_path / "dest" / "conf.py").read_text(encoding="utf-8")
    exec(compile(conf, "conf.py", "exec"), namespace)
    assert namespace["html_theme"] == "sphinx_immaterial"
    extensions = namespace["extensions"]
    assert isinstance(extensions, list) and extensions[-1] == "sphinx_rri"
    assert "sphinx_immaterial" in extensions
    options = namespace["html_theme_options"]
    assert isinstance(options, dict)
    assert options["features"] == ["navigation.tabs", "toc.follow"]  # annotate: no equivalent
    assert options["palette"][0]["accent"] == "deep-orange"
    assert options["palette"][1] == {
        "scheme": "slate",
        "toggle": {"icon": "material/brightness-4", "name": "Light mode"},
    }
    assert options["site_url"] == "https://field.example.org/"
    assert options["font"] is False  # no font download while building


@pytest.mark.parametrize("theme", ["sphinx_immaterial", "furo"])
def test_the_migrated_site_builds_cleanly_with_either_theme(tmp_path: Path, theme: str) -> None:
    src = write_site(tmp_path / "src", THEMED_PAGES, THEMED)
    report = migrate_site(src, tmp_path / "dest", progress=False, theme=theme)
    assert report.exit_code == 0, report.to_markdown()
    result = sphinx_build(tmp_path / "dest", tmp_path / "html", "-W")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "course" / "stage.html").read_text(encoding="utf-8")
    assert "rri-task-description" in html and "Survey Design" in html  # the card, drawn


def test_dead_nav_entries_and_links_out_of_the_site(tmp_path: Path) -> None:
    config = (
        "site_name: Moves\nsite_url: https://old.example.org/course/\n"
        "nav:\n  - index.md\n  - Unit:\n      - unit/intro.md\n      - unit/gone.md\n"
    )
    pages = {
        "index.md": (
            "# Home\n\nSee [the archive](archive/notes.md#week-2) and ![map](img/map.png).\n"
        ),
        "unit/part/intro.md": "# Intro\n\nMoved one folder down.\n",
    }
    src = write_site(tmp_path / "src", pages, config)
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False, theme="furo")
    text = report.to_markdown()
    assert "nav entry `unit/intro.md` does not exist: it now points at `unit/part/intro.md`" in text
    assert "unit/gone.md" in text  # no page of that name: skipped, and said so
    home = (dest / "index.md").read_text(encoding="utf-8")
    assert "[the archive](https://old.example.org/course/archive/notes/#week-2)" in home
    assert "![map](https://old.example.org/course/img/map.png)" in home
    assert "/unit/part/intro" in home  # listed in the root toctree
    result = sphinx_build(dest, tmp_path / "html", "-W")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "html" / "sitemap.xml").is_file()
    assert (tmp_path / "html" / "unit" / "part" / "intro" / "index.html").is_file()


SITE_CSS = """\
/* the site's own look */
:root { --course-accent: #2a7; }
.md-typeset .grid.cards > ul > li { border-radius: 8px; }
.tabbed-set > label, .lecture-note { font-weight: 600; }
.md-header { background: var(--course-accent); }
[data-md-color-scheme="slate"] .lecture-note { color: #eee; }
a.md-button.wide { padding: 0 2em; }
@media (max-width: 600px) {
  .grid.cards { display: block; }
  .lecture-note { font-size: 90%; }
}
@font-face { font-family: "Course"; src: url(course.woff2); }
"""
ONLY_MKDOCS_CSS = ".md-typeset .grid.cards { gap: 1rem; }\n.twemoji svg { width: 1em; }\n"


@pytest.mark.parametrize("theme", ["sphinx_immaterial", "furo"])
def test_extra_css_keeps_only_the_rules_that_still_apply(tmp_path: Path, theme: str) -> None:
    config = (
        "site_name: Field School\nmarkdown_extensions:\n  - attr_list\n  - md_in_html\n"
        "extra_css:\n  - css/site.css\n  - css/cards.css\n"
    )
    page = (
        '# Home\n\n<div class="lecture-note" markdown>\nA note.\n</div>\n\n'
        "[Form](form.pdf){ .md-button .wide }\n"
    )
    src = write_site(
        tmp_path / "src",
        {
            "index.md": page,
            "form.pdf": b"%PDF",
            "css/site.css": SITE_CSS,
            "css/cards.css": ONLY_MKDOCS_CSS,
        },
        config=config,
    )
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False, theme=theme)
    css = (dest / "_static/css/site.css").read_text(encoding="utf-8")
    # The site's own classes, custom properties, at-rules: always kept, as written.
    for kept in (
        ":root { --course-accent: #2a7; }",
        ".lecture-note { font-weight: 600; }",
        '@font-face { font-family: "Course"; src: url(course.woff2); }',
        "a.md-button.wide { padding: 0 2em; }",
        ".lecture-note { font-size: 90%; }",
    ):
        assert kept in css, (kept, css)
    # Markup that no longer exists: grids and tabs are sphinx-design's now.
    for gone in (".grid.cards", ".tabbed-set", "display: block"):
        assert gone not in css, (gone, css)
    # mkdocs-material's own frame exists only with its Sphinx port.
    frame = (".md-header { background", '[data-md-color-scheme="slate"] .lecture-note')
    assert all((part in css) == (theme == "sphinx_immaterial") for part in frame), css
    # A stylesheet with nothing left is not copied; conf.py loads only what exists.
    assert not (dest / "_static/css/cards.css").exists()
    namespace: dict[str, object] = {}
    exec(compile((dest / "conf.py").read_text(), "conf.py", "exec"), namespace)
    assert namespace["html_css_files"] == ["css/site.css"]
    reviews = [f.message for f in report.site if f.review]
    assert any("css/site.css" in m and "`.md-typeset .grid.cards > ul > li`" in m for m in reviews)
    assert any("css/cards.css" in m and "not copied" in m for m in reviews)
    result = sphinx_build(dest, tmp_path / "html", "-W")
    assert result.returncode == 0, result.stderr
