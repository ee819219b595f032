"""The HTML reader of :mod:`.media`, imported only for a page that shows media.

Python's HTML parser (and the table of entities it loads) is needed only when a block
of HTML holds an ``<iframe>``, ``<video>`` or ``<audio>``; most pages have none.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .media import _EMPHASIS, _INLINE, _INSIDE_MEDIA, _MARKDOWN_SPECIAL, _MEDIA, _WRAPPERS, Media


class MediaReader(HTMLParser):
    """Media elements, and the words around them as paragraphs of Markdown, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[Media | str] = []
        self.inside: Media | None = None
        self.words: list[str] = []
        self.open: list[tuple[str, int, str]] = []
        """Inline tags open around the words: (tag, where its words start, link target)."""
        self.other = False

    def _paragraph(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.words)).strip()
        if text:
            self.items.append(text)
        self.words = []
        self.open = []  # an inline tag does not reach past a paragraph: its words stay

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if self.inside is not None:
            if tag == "source" and values.get("src"):
                self.inside.sources.append(values["src"])
            elif tag not in _INSIDE_MEDIA:
                self.other = True
            return
        if tag in _MEDIA:
            self._paragraph()
            self.inside = Media(tag, values)
            self.items.append(self.inside)
            if tag == "iframe":
                self.inside = None  # an iframe's content is never shown
        elif tag in _WRAPPERS:
            self._paragraph()
        elif tag in _INLINE:
            self.open.append((tag, len(self.words), values.get("href", "")))
        else:
            self.other = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("video", "audio"):
            self.inside = None
        elif tag in _INLINE:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("video", "audio"):
            self.inside = None
        elif self.inside is not None:
            return
        elif tag in _WRAPPERS:
            self._paragraph()
        elif tag in _INLINE and self.open and self.open[-1][0] == tag:
            _, at, href = self.open.pop()
            raw = "".join(self.words[at:])
            inner = raw.strip()
            del self.words[at:]
            if not inner:
                self.words.append(raw)
                return
            if tag in _EMPHASIS:
                inner = _EMPHASIS[tag] + inner + _EMPHASIS[tag]
            elif tag == "a" and href and not re.search(r"[\s()<>]", href):
                inner = f"[{inner}]({href})"
            before = raw[: len(raw) - len(raw.lstrip())]
            self.words.append(before + inner + raw[len(raw.rstrip()) :])

    def handle_data(self, data: str) -> None:
        if self.inside is None:
            self.words.append(_MARKDOWN_SPECIAL.sub(r"\\\1", data))
