"""Pages that a theme template draws (``template: home.html`` and an empty body).

Material for MkDocs lets a page name a template of the site's ``custom_dir``; a home page
often has no Markdown at all, and the template draws a hero, a few words and buttons.
Sphinx has no such template, so the page would come out as its heading alone. What can
be carried, is:

- the template's static text (its words outside Jinja expressions, scripts and styles),
  as paragraphs;
- the page's own front matter text (``description`` and other string values the template
  may have shown);
- a grid of cards, one for each other page in the page's folder, which is what such a
  page usually points readers to.

Whatever the template drew beyond that (pictures, buttons, Jinja logic) is not carried:
the page is always "review", and the report says in words what the template showed.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_INVISIBLE = re.compile(r"<(script|style|svg|template)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
#: Front matter keys the conversion already handles, or that are not shown text.
_NOT_SHOWN = frozenset(
    {"title", "template", "hide", "search", "status", "tags", "icon", "track", "module"}
)


def static_text(template: str) -> list[str]:
    """The words a template shows whatever the page: one string per block of text."""
    text = _INVISIBLE.sub(" ", _JINJA.sub("\n", template))
    text = _TAG.sub("\n", text)
    blocks = [" ".join(unescape(chunk).split()) for chunk in re.split(r"\n\s*\n|\n", text)]
    return [block for block in blocks if re.search(r"\w", block)]


@dataclass
class Drawn:
    lines: list[str] = field(default_factory=list)
    review: str = ""
    extension: str | None = None


def carry(
    name: str,
    template: str | None,
    front: dict[str, Any],
    siblings: list[tuple[str, str]],
) -> Drawn:
    """What to write for a page drawn by template ``name`` (its text, or None).

    ``siblings`` are (title, relative link) of the other pages in the page's folder.
    """
    drawn = Drawn()
    shown: list[str] = []
    missing: list[str] = []
    if template is None:
        missing.append(f"the template {name} is not in the site's theme overrides")
    else:
        words = static_text(template)
        if words:
            drawn.lines += [*(line for block in words for line in (block, "")), ""]
            shown.append(f"its static text ({len(words)} block(s))")
        if re.search(r"<img\b|background-image|<svg\b", template, re.I):
            missing.append("pictures")
        if re.search(r"\{\{|\{%", template):
            missing.append("what its Jinja code computed")
    for key, value in front.items():
        if key in _NOT_SHOWN or not isinstance(value, str) or not value.strip():
            continue
        drawn.lines += [value.strip(), ""]
        shown.append(f"the front matter's `{key}`")
    if siblings:
        cards = [
            f":::{{grid-item-card}} {title}\n:link: {link}\n:link-type: doc\n:::\n"
            for title, link in siblings
        ]
        drawn.lines += ["::::{grid} 1 2 2 3", ":gutter: 2", "", *"\n".join(cards).split("\n")]
        drawn.lines.append("::::")
        drawn.extension = "sphinx_design"
        shown.append(f"a grid of cards for the {len(siblings)} other page(s) of its folder")
    carried = ", ".join(shown) if shown else "nothing"
    lost = f"; not carried: {', '.join(missing)}" if missing else ""
    drawn.review = (
        f"page drawn by the theme template {name} with no text of its own: migrated "
        f"{carried}{lost}. Check it against the old page"
    )
    return drawn


def siblings_of(page: str, titles: dict[str, str]) -> list[tuple[str, str]]:
    """(title, doc link) of the other pages in the folder of ``page``, sorted."""
    folder = posixpath.dirname(page)
    out = []
    for other, title in sorted(titles.items()):
        if other == page or posixpath.dirname(other) != folder:
            continue
        out.append((title, posixpath.splitext(posixpath.basename(other))[0]))
    return out
