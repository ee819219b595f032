"""Pages that a theme template draws (``template: home.html`` and an empty body).

Material for MkDocs lets a page name a template of the site's ``custom_dir``; a home page
often has no Markdown at all, and the template draws a hero, a few words and buttons.
Sphinx has no such template, so the page would come out as its heading alone. What can
be carried, is:

- the template's static text (its words outside Jinja expressions, scripts and styles),
  as paragraphs, with the front matter values it prints (``{{ page.meta.hero.title }}``)
  in their place, and its links (a button) as links where their target is known;
- when the template is not in the site, the page's own front matter text
  (``description`` and other string values the template may have shown);
- a grid of cards, one for each other page in the page's folder, which is what such a
  page usually points readers to.

Whatever the template drew beyond that (pictures, buttons, Jinja logic) is not carried:
the page is always "review", and the report says in words what the template showed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_INVISIBLE = re.compile(r"<(script|style|svg|template)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
#: Front matter keys the conversion already handles, or that are not shown text.
_NOT_SHOWN = frozenset(
    {"title", "template", "hide", "search", "status", "tags", "icon", "track", "module"}
)


#: ``{{ page.meta.a.b }}`` or ``{{ page.meta["a"] }}``, with any filters after it.
_META = re.compile(r"\{\{-?\s*page\.meta((?:\.\w+|\[\s*['\"]\w+['\"]\s*\])+)\s*(?:\|[^{}]*)?-?\}\}")
_URL = re.compile(r"""\{\{-?\s*['"]([^'"{}]*)['"]\s*\|\s*url\s*-?\}\}""")
_LINK = re.compile(
    r"""<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>(.*?)</a\s*>""", re.S | re.I
)
_LINK_MARK = "\x00link\x00"


def _meta_value(front: dict[str, Any], path: str) -> Any:
    value: Any = front
    for key in re.findall(r"\w+", path):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def meta_keys(template: str) -> set[str]:
    """The front matter keys (top level) the template reads."""
    return {re.findall(r"\w+", m.group(1))[0] for m in _META.finditer(template)}


def static_text(
    template: str,
    front: dict[str, Any] | None = None,
    link: Callable[[str], str | None] | None = None,
) -> list[str]:
    """The words a template shows for this page: one string per block of text.

    ``front`` is the page's front matter: what the template prints of it is put in its
    place. ``link`` turns the target of an ``<a href>`` (a path below the site, as the
    ``url`` filter takes it) into a link for the page, or None to keep the words only.
    """
    front = front or {}

    def shown(match: re.Match[str]) -> str:
        value = _meta_value(front, match.group(1))
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return "\n".join(value)
        return "\n"

    def target(raw: str) -> str | None:
        raw = raw.strip()
        found = _URL.fullmatch(raw)
        if found:
            raw = found.group(1)
        else:
            meta = _META.fullmatch(raw)
            if meta:
                value = _meta_value(front, meta.group(1))
                raw = value if isinstance(value, str) else ""
        if not raw or "{" in raw or link is None:
            return None
        return link(raw)

    links: list[str] = []

    def anchor(match: re.Match[str]) -> str:
        words = " ".join(_TAG.sub(" ", _META.sub(shown, match.group(3))).split())
        href = target(match.group(1) if match.group(1) is not None else match.group(2))
        if not words or href is None:
            return match.group(3)
        links.append(f"[{words}]({href})")
        return f"\n{_LINK_MARK}{len(links) - 1}\n"

    text = _INVISIBLE.sub(" ", template)
    text = _LINK.sub(anchor, text)
    text = _META.sub(lambda m: "\n" if _in_tag(text, m.start()) else shown(m), text)
    text = _JINJA.sub("\n", text)
    text = _TAG.sub("\n", text)
    from html import unescape  # only a page drawn by a template needs it

    blocks = [" ".join(unescape(chunk).split()) for chunk in re.split(r"\n\s*\n|\n", text)]
    out = []
    for block in blocks:
        marked = re.fullmatch(re.escape(_LINK_MARK) + r"(\d+)", block)
        if marked:
            out.append(links[int(marked.group(1))])
        elif re.search(r"\w", block):
            out.append(block)
    return out


def _in_tag(text: str, at: int) -> bool:
    """Whether ``at`` is inside an HTML tag (an attribute's value: not shown as text)."""
    return text.rfind("<", 0, at) > text.rfind(">", 0, at)


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
    link: Callable[[str], str | None] | None = None,
) -> Drawn:
    """What to write for a page drawn by template ``name`` (its text, or None).

    ``siblings`` are (title, relative link) of the other pages in the page's folder and
    of the index pages of its subfolders; ``link`` is as for :func:`static_text`.
    """
    drawn = Drawn()
    shown: list[str] = []
    missing: list[str] = []
    if template is None:
        missing.append(f"the template {name} is not in the site's theme overrides")
        for key, value in front.items():
            if key in _NOT_SHOWN or not isinstance(value, str) or not value.strip():
                continue
            drawn.lines += [value.strip(), ""]
            shown.append(f"the front matter's `{key}`")
    else:
        words = static_text(template, front, link)
        if words:
            drawn.lines += [*(line for block in words for line in (block, "")), ""]
            shown.append(f"its static text ({len(words)} block(s))")
        keys = sorted(meta_keys(template) & set(front))
        if keys:
            shown.append("what it printed of the front matter (" + ", ".join(keys) + ")")
        if re.search(r"<img\b|background-image|<svg\b", template, re.I):
            missing.append("pictures")
        if re.search(r"\{\{|\{%", _META.sub("", template)):
            missing.append("what its Jinja code computed")
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


#: Material for MkDocs' own page templates: a page may name one without overriding it.
_THEME_TEMPLATES = frozenset({"main.html", "base.html", "404.html", "blog.html", "blog-post.html"})


def beside_body(name: str, template: str | None) -> str | None:
    """What to review on a page with text of its own that names template ``name``.

    The template draws around the page's text (a banner above it, a note below), which
    Sphinx does not: the words it adds are named, since where they went is the
    template's logic; None when it adds none.
    """
    if template is None:
        if name in _THEME_TEMPLATES:
            return None
        return (
            f"the page names the theme template {name}, which is not in the site's theme "
            "overrides: check what the old page showed around its text"
        )
    words = static_text(template)
    if not words:
        return None
    quoted = "; ".join(f"\u201c{block}\u201d" for block in words[:3])
    more = f" and {len(words) - 3} more" if len(words) > 3 else ""
    return (
        f"the theme template {name} showed words around the page's own text that Sphinx "
        f"does not: {quoted}{more}; add them to the page where they still apply"
    )


def siblings_of(page: str, titles: dict[str, str]) -> list[tuple[str, str]]:
    """(title, doc link) of the other pages in the folder of ``page`` and of the index
    pages of its subfolders (a home page's sections), sorted."""
    folder = posixpath.dirname(page)
    out = []
    for other, title in sorted(titles.items()):
        if other == page:
            continue
        parent = posixpath.dirname(other)
        if parent == folder:
            out.append((title, posixpath.splitext(posixpath.basename(other))[0]))
        elif posixpath.dirname(parent) == folder and posixpath.basename(other) == "index.md":
            out.append((title, posixpath.relpath(other[: -len(".md")], folder or ".")))
    return out


def page_link(page: str, pages: set[str]) -> Callable[[str], str | None]:
    """Targets of a template's links as links from ``page``: a page of the site (written
    as its path below the site, or as the address mkdocs served it at) or a web address."""
    folder = posixpath.dirname(page)

    def link(raw: str) -> str | None:
        if re.match(r"^(?:https?:|mailto:)", raw):
            return raw
        if re.match(r"^[a-zA-Z][\w+.-]*:|^//|^#", raw):
            return None
        path = posixpath.normpath(raw.split("#", 1)[0].split("?", 1)[0].lstrip("/") or ".")
        for candidate in (path, path + ".md", posixpath.join(path, "index.md")):
            candidate = posixpath.normpath(candidate)
            if candidate in pages:
                return posixpath.relpath(candidate, folder or ".")
        return None

    return link
