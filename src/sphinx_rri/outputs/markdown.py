"""Author text made inert for Markdown that is posted as a pull-request comment.

A task title or a message can hold anything a page holds. In a comment it must read as
the text it is: no emphasis, links, images, HTML, table cells, mentions (``@team``),
issue references (``#12``) or autolinks (``https://...``). Every character that
Markdown (or GitHub's extensions to it) gives a meaning is written as a numeric
character reference, which renders as the character itself and means nothing else,
even inside a table cell; control characters and line breaks become spaces.
"""

from __future__ import annotations

_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~&@:=$^\"'%")


def escape(text: str) -> str:
    """``text`` as literal inline Markdown, on one line."""
    out = []
    for char in text:
        if char in _SPECIAL:
            out.append(f"&#{ord(char)};")
        elif not char.isprintable():
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table of already-escaped cells."""
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines
