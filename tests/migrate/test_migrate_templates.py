"""A page drawn by a theme template carries what it can, and is always for review."""

from __future__ import annotations

from pathlib import Path

from migrate_helpers import sphinx_build
from test_migrate_site import write_site

from sphinx_rri.migrate import migrate_site

HOME = """\
{% extends "main.html" %}
{% block tabs %}
  {{ super() }}
  <section class="hero">
    <img src="{{ 'assets/hero.png' | url }}" alt="">
    <h1>Learn in the field</h1>
    <p>Short courses for people who collect data outdoors.</p>
    <a href="{{ page.next_page.url | url }}" class="md-button">Start</a>
    <script>console.log("hero")</script>
  </section>
{% endblock %}
"""


def test_a_template_page_gets_its_text_and_a_grid_of_its_folder(tmp_path: Path) -> None:
    config = (
        "site_name: Field School\ntheme:\n  name: material\n  custom_dir: overrides\n"
        "markdown_extensions:\n  - admonition\n"
    )
    src = write_site(
        tmp_path / "src",
        {
            "index.md": "---\ntemplate: home.html\ndescription: Courses outdoors.\n---\n",
            "birds.md": "# Counting birds\n\nText.\n",
            "soil.md": "# Sampling soil\n\nText.\n",
        },
        config,
    )
    (src / "overrides").mkdir()
    (src / "overrides" / "home.html").write_text(HOME, encoding="utf-8")
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False, theme="furo")
    [home] = [page for page in report.pages if page.path == "index.md"]
    assert home.status == "review"
    [finding] = [f.message for f in home.findings if "theme template" in f.message]
    assert "static text (3 block(s))" in finding and "grid of cards for the 2" in finding
    assert "pictures" in finding and "Jinja" in finding
    text = (dest / "index.md").read_text(encoding="utf-8")
    assert "Learn in the field" in text and "Short courses for people" in text
    assert "console.log" not in text and "Start" in text
    assert ":::{grid-item-card} Counting birds\n:link: birds\n:link-type: doc" in text
    result = sphinx_build(dest, tmp_path / "html", "-W")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "Short courses for people who collect data outdoors." in html
    assert 'href="soil.html"' in html


def test_a_missing_template_is_said_in_words(tmp_path: Path) -> None:
    src = write_site(
        tmp_path / "src",
        {"index.md": "---\ntemplate: landing.html\n---\n"},
        "site_name: Bare\n",
    )
    report = migrate_site(src, tmp_path / "dest", progress=False, theme="furo")
    [home] = report.pages
    assert home.status == "review"
    assert any(
        "landing.html is not in the site's theme overrides" in f.message for f in home.findings
    )


def test_a_template_page_in_a_large_folder_builds_with_w(tmp_path: Path) -> None:
    """Forty pages beside it make a grid of forty cards: more fence lines than
    rri_max_nesting, so the build reads the page with the scanner first, which must not
    call sphinx-design's ``grid`` an unknown directive (it did)."""
    pages = {f"page-{n:02d}.md": f"# Page {n}\n\nText.\n" for n in range(40)}
    pages["index.md"] = "---\ntemplate: home.html\n---\n"
    src = write_site(tmp_path / "src", pages, "site_name: Big\n")
    dest = tmp_path / "dest"
    migrate_site(src, dest, progress=False, theme="furo")
    text = (dest / "index.md").read_text(encoding="utf-8")
    assert text.count(":::{grid-item-card}") == 40
    result = sphinx_build(dest, tmp_path / "html", "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
