"""The mkdocs-material blog plugin's posts become an ABlog blog that builds cleanly."""

from __future__ import annotations

from pathlib import Path

from migrate_helpers import sphinx_build
from test_migrate_site import write_site

from sphinx_rri.migrate import migrate_site

CONFIG = """\
site_name: Field Notes
site_url: https://notes.example.org/
plugins:
  - search
  - blog:
      post_url_date_format: yyyy/MM
      post_url_format: "{date}/{slug}"
markdown_extensions:
  - admonition
nav:
  - index.md
  - Blog:
      - blog/index.md
"""
AUTHORS = """\
authors:
  ana:
    name: Ana Ortiz
    description: Field lead
  tom:
    name: Tom Reyes
"""
FIRST = """\
---
date: 2024-03-04
authors: [ana, tom]
categories:
  - Fieldwork
  - Methods
slug: spring-survey
---

# The spring survey

We counted birds on the north transect for three mornings.

The weather held for two of them.

<!-- more -->

The rest of the post is only on its own page: counts, maps and notes.
"""
SECOND = """\
---
date:
  created: 2024-05-20
authors: [ana]
categories: [News]
draft: true
---

# A draft about the summer

Not ready yet.
"""


def test_blog_posts_become_ablog_posts(tmp_path: Path) -> None:
    src = write_site(
        tmp_path / "src",
        {
            "index.md": "# Field Notes\n\nNotes from the field school.\n",
            "blog/index.md": "# Blog\n",
            "blog/.authors.yml": AUTHORS,
            "blog/posts/spring.md": FIRST,
            "blog/posts/summer.md": SECOND,
        },
        CONFIG,
    )
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False, theme="furo")
    text = report.to_markdown()
    assert "the blog is an ABlog blog now" in text
    spring = (dest / "blog/posts/spring.md").read_text(encoding="utf-8")
    # What comes before <!-- more --> is the directive's content: ABlog's excerpt.
    assert (
        "# The spring survey\n\n"
        "```{post} 2024-03-04\n:author: ana, tom\n:category: Fieldwork, Methods\n"
        ":redirect: blog/2024/03/spring-survey\n\n"
        "*4 March 2024 · Ana Ortiz, Tom Reyes · Fieldwork, Methods*\n\n"
        "We counted birds on the north transect for three mornings.\n\n"
        "The weather held for two of them.\n```\n\n"
        "The rest of the post is only on its own page"
    ) in spring
    summer = (dest / "blog/posts/summer.md").read_text(encoding="utf-8")
    assert ":::{post}\n:excerpt: 2\n:author: ana\n" in summer  # no date: an ABlog draft
    assert "draft post" in text  # a draft is for review
    assert ":::{postlist}" in (dest / "blog/index.md").read_text(encoding="utf-8")
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert "'ablog'," in conf and "'ana': ('Ana Ortiz', None)," in conf

    out = tmp_path / "html"
    result = sphinx_build(dest, out, "-W")
    assert result.returncode == 0, result.stderr
    index = (out / "blog" / "index.html").read_text(encoding="utf-8")
    assert "The spring survey" in index and "three mornings" in index
    assert "only on its own page" not in index  # the excerpt ends at <!-- more -->
    assert "A draft about the summer" not in index
    post = (out / "blog" / "posts" / "spring.html").read_text(encoding="utf-8")
    assert "Ana Ortiz" in post and "Fieldwork" in post
    assert (out / "blog" / "2024" / "03" / "spring-survey.html").is_file()  # old address
    assert list((out / "blog" / "archive").rglob("*.html"))  # archives by ABlog


def test_a_blog_plugin_without_posts_gets_no_ablog(tmp_path: Path) -> None:
    """The plugin is on, the folder has no post: ABlog would only slow every build."""
    config = CONFIG.replace("      - blog/index.md\n", "      - notes.md\n")
    src = write_site(
        tmp_path / "src",
        {"index.md": "# Home\n\nHello.\n", "notes.md": "# Notes\n\nA page.\n"},
        config=config,
    )
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False, theme="furo")
    conf = (dest / "conf.py").read_text(encoding="utf-8")
    assert "ablog" not in conf and "blog_path" not in conf
    assert any("no blog post" in f.message for f in report.site if not f.review)
    result = sphinx_build(dest, tmp_path / "html", "-W")
    assert result.returncode == 0, result.stderr


def test_the_blog_loses_no_word_of_what_mkdocs_showed(tmp_path: Path) -> None:
    """The blog built by mkdocs-material's blog plugin and the migrated one, word for
    word: each post's page, and the excerpt the index shows (all the paragraphs before
    ``<!-- more -->``), without the plugin's own words ("1 min read", "Continue
    reading")."""
    from migrate_helpers import mkdocs_build
    from test_migrate_words import words

    avatars = AUTHORS.replace(
        "    description: Field lead\n",
        "    description: Field lead\n    avatar: https://example.org/ana.png\n",
    ).replace(
        "    name: Tom Reyes\n",
        "    name: Tom Reyes\n    description: Volunteer\n    avatar: https://example.org/tom.png\n",
    )
    src = write_site(
        tmp_path / "src",
        {
            "index.md": "# Field Notes\n\nNotes from the field school.\n",
            "blog/index.md": "# Blog\n",
            "blog/.authors.yml": avatars,  # the plugin requires an avatar of each author
            "blog/posts/spring.md": FIRST,
        },
        CONFIG.replace("\nplugins:", "\ntheme:\n  name: material\nplugins:"),
    )
    mkdocs_build(src, tmp_path / "mkdocs")
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False)
    assert [p.status for p in report.pages if p.path == "blog/posts/spring.md"] == ["ok"]
    result = sphinx_build(dest, tmp_path / "html", "-W")
    assert result.returncode == 0, result.stderr
    chrome = ["a.headerlink", "nav.md-post__action", ".md-post__meta"]
    pages = {
        "blog/2024/03/spring-survey/index.html": ("blog/posts/spring.html", "article"),
        "blog/index.html": ("blog/index.html", "div.md-post__content"),
    }
    for old, (new, selector) in pages.items():
        mkdocs_html = (tmp_path / "mkdocs" / old).read_text(encoding="utf-8")
        before = words(mkdocs_html, f"div.md-content {selector}", chrome, True)
        sphinx_html = (tmp_path / "html" / new).read_text(encoding="utf-8")
        after = words(sphinx_html, "article[role=main]", ["a.headerlink"], True)
        assert before["weather"], old  # the excerpt's second paragraph is on both
        lost = before - after
        assert not lost, f"{new} lost words mkdocs showed on {old}: {dict(lost)}"
    post = (tmp_path / "html" / "blog/posts/spring.html").read_text(encoding="utf-8")
    assert ">ana, tom<" not in post.replace("\n", "")  # no author keys shown as text


LISTED = """\
---
date:
  created: 2024-03-04
  updated: 2024-03-10
authors: [ana]
categories: [Field Work]
---

# What's new in the field?

We counted birds on three mornings:

- the north transect,
- the south meadow,
- and the reed bed.

!!! note "Weather"
    Two of the mornings were dry.

<!-- more -->

The counts themselves are only on the post's page.
"""


def test_an_excerpt_with_a_list_and_a_box_and_the_address_the_plugin_gave(
    tmp_path: Path,
) -> None:
    """The excerpt is everything before ``<!-- more -->``, a list and a box included (ABlog
    counting paragraphs took the list's items one by one and dropped the box); the old
    address follows ``{categories}/{slug}`` with the plugin's slugs (an apostrophe
    dropped, not made a hyphen); the updated date is in the byline."""
    from migrate_helpers import mkdocs_build
    from test_migrate_words import words

    config = CONFIG.replace("\nplugins:", "\ntheme:\n  name: material\nplugins:").replace(
        '      post_url_format: "{date}/{slug}"', '      post_url_format: "{categories}/{slug}"'
    )
    config = config.replace("  - admonition\n", "  - admonition\n  - pymdownx.details\n")
    authors = AUTHORS.replace(
        "    description: Field lead\n",
        "    description: Field lead\n    avatar: https://example.org/ana.png\n",
    ).replace("  tom:\n    name: Tom Reyes\n", "")
    src = write_site(
        tmp_path / "src",
        {
            "index.md": "# Field Notes\n\nNotes from the field school.\n",
            "blog/index.md": "# Blog\n",
            "blog/.authors.yml": authors,
            "blog/posts/2024/news.md": LISTED,
        },
        config,
    )
    mkdocs_build(src, tmp_path / "mkdocs")
    old = "blog/field-work/whats-new-in-the-field"
    assert (tmp_path / "mkdocs" / old / "index.html").is_file()
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False)
    assert [p.status for p in report.pages if p.path == "blog/posts/2024/news.md"] == ["ok"]
    text = (dest / "blog/posts/2024/news.md").read_text(encoding="utf-8")
    assert f":redirect: {old}\n" in text
    assert "*4 March 2024 · updated 10 March 2024 · Ana Ortiz · Field Work*" in text
    out = tmp_path / "html"
    result = sphinx_build(dest, out, "-W", "-b", "dirhtml")
    assert result.returncode == 0, result.stderr
    assert (out / old / "index.html").is_file()  # the old address still answers
    mkdocs_index = (tmp_path / "mkdocs" / "blog" / "index.html").read_text(encoding="utf-8")
    chrome = ["a.headerlink", "nav.md-post__action"]  # "Continue reading": the plugin's
    before = words(mkdocs_index, "div.md-content div.md-post__content", chrome, True)
    index = (out / "blog" / "index.html").read_text(encoding="utf-8")
    after = words(index, "article[role=main]", ["a.headerlink"], True)
    assert before["reed"] and before["dry"]
    lost = before - after
    assert not lost, f"the blog index lost words of the excerpt: {dict(lost)}"
    assert "only on the post" not in index
