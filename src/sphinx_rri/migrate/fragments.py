"""Links to a section of a page (``page.md#section``) that land where mkdocs' did.

Run over the whole migrated site, once every page is converted, because a link's target
is another page's migrated text:

- a fragment that names a section MyST makes (its id from the heading, by the site's
  slug function, see :mod:`.anchors`) or an explicit label is left alone;
- ``#`` alone, the page's top, becomes a link to the page itself (MyST has no empty
  target to resolve);
- ``notes_1``, Python-Markdown's id of the second "Notes" heading, is ``notes-1`` to
  MyST;
- a heading that became a task card is no section for MyST to find (the card's
  section comes later, from sphinx-rri): a label of the old id goes before the card;
- any other fragment names no section of the migrated page: MyST would warn and the
  reader land on the page's top, so the link goes to the page, for review.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .report import PageReport

_LINK = re.compile(
    r"(?<!!)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\((?P<href>[^()\s]*)(?P<title>\s+\"[^\"]*\")?\)"
)
_DEFINITION = re.compile(r"^(?P<lead> {0,3}\[[^\]]+\]:\s*)(?P<href>\S+)", re.M)
_HEADING = re.compile(r"^(#{1,6}) +(.*?)(?: +#+)? *$")
_LABEL = re.compile(r"^\((?P<name>[^()\s]+)\)=\s*$")
_NAME_OPTION = re.compile(r"^\s*:name:\s*(\S+)\s*$")
#: An anchor the migration wrote for ``<a id="...">``: an empty span with an id.
_SPAN_ID = re.compile(r"\[\]\{#([A-Za-z0-9_-]+)\}")
_CARD = re.compile(r"^(?P<fence>:{3,})\{task-card\}\s+(?P<title>.+?)\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_SCHEME = re.compile(r"^[a-zA-Z][\w+.-]*:|^//")


def _docutils_id(text: str) -> str:
    """The id docutils gives a section of this title."""
    from docutils.nodes import make_id

    return make_id(text)


def _plain(title: str) -> str:
    from .inline import strip_markup

    return strip_markup(title)


@dataclass
class Anchors:
    """What a ``#fragment`` can name in one migrated page."""

    ids: set[str] = field(default_factory=set)
    cards: dict[str, int] = field(default_factory=dict)
    """Slug of a task card's title -> the line of its opening fence."""


def anchors_of(text: str, slug: Callable[[str], str]) -> Anchors:
    found = Anchors()
    fence: str | None = None
    slugs: set[str] = set()
    for number, line in enumerate(text.split("\n")):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        heading = _HEADING.match(line)
        if heading:
            title = _plain(heading.group(2))
            base = slug(title)
            unique, n = base, 1
            while unique in slugs:  # MyST's way of telling equal headings apart
                unique, n = f"{base}-{n}", n + 1
            slugs.add(unique)
            found.ids |= {unique, _docutils_id(title)}
            continue
        label = _LABEL.match(line) or _NAME_OPTION.match(line)
        if label:
            found.ids.add(label.group(1))
            continue
        if "[]{#" in line:
            found.ids.update(_SPAN_ID.findall(line))
        card = _CARD.match(line)
        if card:
            title = _plain(card.group("title"))
            for key in (slug(title), _docutils_id(title)):
                found.cards.setdefault(key, number)
    return found


def repair_fragments(
    texts: dict[str, str],
    slug: Callable[[str], str],
    reports: dict[str, PageReport],
    sources: dict[str, str] | None = None,
) -> dict[str, str]:
    """``texts`` (migrated page path -> text) with their section links repaired.

    ``sources`` (page path -> the mkdocs page's text) lets a review item name the line
    of the source page where the link is written."""
    sources = sources or {}
    anchors = {page: anchors_of(text, slug) for page, text in texts.items()}
    labels: dict[str, dict[int, list[str]]] = {page: {} for page in texts}
    taken = {ident for found in anchors.values() for ident in found.ids}

    def fix(page: str, href: str) -> str:
        path, hash_, fragment = href.partition("#")
        if not hash_ or _SCHEME.match(href):
            return href
        own = posixpath.basename(page)
        if path and not path.endswith(".md"):
            return href  # an address, not a page: MyST resolves nothing there
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
        if target not in anchors:
            return href
        if not fragment:
            return path or own
        found = anchors[target]
        if fragment in found.ids:
            return href
        numbered = re.fullmatch(r"(.+)_(\d+)", fragment)
        if numbered and f"{numbered.group(1)}-{numbered.group(2)}" in found.ids:
            return f"{path}#{numbered.group(1)}-{numbered.group(2)}"
        if fragment in found.cards and fragment not in taken:
            labels[target].setdefault(found.cards[fragment], []).append(fragment)
            found.ids.add(fragment)
            taken.add(fragment)
            reports[target].note(
                0,
                f"a label `({fragment})=` before the task card keeps the section's old "
                "address, which a link of the site uses",
            )
            return href
        reports[page].review(
            source_line(sources.get(page, ""), href),
            f"link `{href}`: {target} has no section `#{fragment}` in the migrated site "
            "(mkdocs' link went to the page's top too, if it had none either): the link "
            "leads to the page now",
        )
        return path or own

    def repaired(page: str, chunk: str) -> str:
        def inline(match: re.Match[str]) -> str:
            href = match.group("href")
            fixed = fix(page, href)
            if fixed == href:
                return match.group(0)
            start, end = match.start("href") - match.start(), match.end("href") - match.start()
            return match.group(0)[:start] + fixed + match.group(0)[end:]

        def definition(match: re.Match[str]) -> str:
            return match.group("lead") + fix(page, match.group("href"))

        return _DEFINITION.sub(definition, _LINK.sub(inline, chunk))

    out = {
        page: _outside_code(text, functools.partial(repaired, page)) for page, text in texts.items()
    }
    for page, lines in labels.items():
        if not lines:
            continue
        rows = out[page].split("\n")
        for number in sorted(lines, reverse=True):
            rows[number:number] = [line for name in lines[number] for line in (f"({name})=", "")]
        out[page] = "\n".join(rows)
    return out


def source_line(source: str, href: str) -> int:
    """The line (from 1) of ``source`` where a link to ``href`` is written; 0 when none
    is found (the migration changed the link's path, say)."""
    if not href:
        return 0
    fallback = 0
    for number, line in enumerate(source.split("\n"), start=1):
        if href not in line:
            continue
        if f"({href}" in line or f"]: {href}" in line or f'"{href}"' in line:
            return number
        fallback = fallback or number
    return fallback


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to everything but code fences and code spans."""
    parts: list[str] = []
    chunk: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        opening = _FENCE.match(line)
        if fence is None and opening:
            if chunk:
                parts.append(_outside_spans("\n".join(chunk), change))
                chunk = []
            fence = opening.group(1)
            parts.append(line)
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            parts.append(line)
            continue
        chunk.append(line)
    if chunk:
        parts.append(_outside_spans("\n".join(chunk), change))
    return "\n".join(parts)


def _outside_spans(text: str, change: Callable[[str], str]) -> str:
    pieces = re.split(r"((?<!`)`+(?!`)[^`]*?(?<!`)`+(?!`))", text)
    return "".join(piece if i % 2 else change(piece) for i, piece in enumerate(pieces))
