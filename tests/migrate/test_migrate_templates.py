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


HERO = """\
{% extends "main.html" %}
{% block tabs %}
  {{ super() }}
  <section class="hero">
    <img src="{{ page.meta.hero.picture | url }}" alt="">
    <h1>{{ page.meta.hero.title }}</h1>
    <p>{{ page.meta["hero"]["subtitle"] }}</p>
    <a href="{{ page.meta.hero.start | url }}" class="md-button">Start the course</a>
    <a href="{{ 'about/' | url }}">About us</a>
    <a href="{{ page.next_page.url | url }}">Next</a>
  </section>
{% endblock %}
{% block content %}{% endblock %}
"""


def test_a_template_page_gets_the_front_matter_it_printed_and_its_links(tmp_path: Path) -> None:
    """The hero's words come from the page's own front matter; the buttons stay links
    where their target is a page of the site; a home page's cards are its sections."""
    config = "site_name: Field School\ntheme:\n  name: material\n  custom_dir: overrides\n"
    src = write_site(
        tmp_path / "src",
        {
            "index.md": "---\ntemplate: home.html\nhero:\n  title: Learn in the field\n"
            "  subtitle: Courses outdoors\n  picture: hero.png\n  start: birds/index.md\n"
            "description: Not shown by the template.\n---\n",
            "about.md": "# About us\n\nWho we are.\n",
            "birds/index.md": "# Birds\n\nThe birds track.\n",
            "birds/counting.md": "# Counting\n\nText.\n",
        },
        config,
    )
    (src / "overrides").mkdir()
    (src / "overrides" / "home.html").write_text(HERO, encoding="utf-8")
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False, theme="furo")
    [home] = [page for page in report.pages if page.path == "index.md"]
    assert home.status == "review"
    [finding] = [f.message for f in home.findings if "theme template" in f.message]
    assert "what it printed of the front matter (hero)" in finding, finding
    text = (dest / "index.md").read_text(encoding="utf-8")
    body = text.split("# ", 1)[1]
    assert body.index("Learn in the field") < body.index("Courses outdoors")
    assert "[Start the course](birds/index.md)" in text
    assert "[About us](about.md)" in text
    assert "Next" in text and "](Next" not in text  # a computed target: the words only
    assert "hero.png" not in text and "Not shown by the template" not in text
    assert ":::{grid-item-card} Birds\n:link: birds/index\n" in text
    result = sphinx_build(dest, tmp_path / "html", "-W")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="birds/index.html"' in html and "Courses outdoors" in html


def test_a_page_with_text_that_names_a_template_is_reviewed_for_its_words(
    tmp_path: Path,
) -> None:
    """A template that draws a banner around a page's own text: the page is "review",
    and the report quotes the banner; one that draws nothing more is not reviewed."""
    config = "site_name: Field School\ntheme:\n  name: material\n  custom_dir: overrides\n"
    src = write_site(
        tmp_path / "src",
        {
            "banner.md": "---\ntemplate: banner.html\n---\n\n# Birds\n\nText.\n",
            "plain.md": "---\ntemplate: plain.html\n---\n\n# Soil\n\nText.\n",
            "theme.md": "---\ntemplate: main.html\n---\n\n# Water\n\nText.\n",
            "gone.md": "---\ntemplate: gone.html\n---\n\n# Air\n\nText.\n",
        },
        config,
    )
    (src / "overrides").mkdir()
    (src / "overrides" / "banner.html").write_text(
        '{% extends "main.html" %}\n{% block content %}\n'
        '<div class="banner">This track is being rewritten.</div>\n{{ super() }}\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    (src / "overrides" / "plain.html").write_text(
        '{% extends "main.html" %}\n{% block content %}{{ super() }}{% endblock %}\n',
        encoding="utf-8",
    )
    report = migrate_site(src, tmp_path / "dest", progress=False, theme="furo")
    pages = {page.path: page for page in report.pages}
    banner = " ".join(f.message for f in pages["banner.md"].findings if f.review)
    assert "\u201cThis track is being rewritten.\u201d" in banner, banner
    gone = " ".join(f.message for f in pages["gone.md"].findings if f.review)
    assert "gone.html, which is not in the site's theme overrides" in gone, gone
    assert pages["plain.md"].status == "ok"
    assert pages["theme.md"].status == "ok"
