"""Embedded media in raw HTML (``<iframe>``, ``<video>``, ``<audio>``) as directives.

A page of a migrated site should need no raw HTML to show a video: the page sandbox shows
raw HTML as text, and other output formats drop it. So a block of HTML that holds nothing
but media (wrappers such as ``<div>``, ``<p>`` or ``<center>`` around them are fine) is
read with the standard library's HTML parser and each element becomes a directive:

- a YouTube embed -> sphinxcontrib-youtube's ``{youtube}`` (``youtube-nocookie.com``
  keeps its privacy mode, ``?start=`` and other parameters stay);
- a Vimeo embed -> ``{vimeo}`` from the same package;
- ``<video>`` -> sphinxcontrib-video's ``{video}``, with its poster and flags;
- an iframe from any other provider, and ``<audio>``, -> a link to what it showed, for
  review: the maintainer decides whether that provider may be embedded.

Words beside the media (a caption in ``<figcaption>``, a line after a ``<br>``) become
paragraphs after it, with their emphasis and links; anything else in the block (an image,
a table, a tag with no Markdown form) means it is not only media: the caller keeps it as
raw HTML, for review.

Python-Markdown also passes media written inside a paragraph, a list item or a quote
through as inline HTML, so the video plays there too; :func:`media_in_text` finds such an
element (over several lines if need be), and the renderer writes it as a directive
between the words before and after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

#: Tags that may wrap media; each starts or ends a paragraph of the words around it.
_WRAPPERS = frozenset({"div", "p", "center", "figure", "figcaption", "section", "br"})
_MEDIA = frozenset({"iframe", "video", "audio"})
#: Tags inside ``<video>``/``<audio>``: their sources, captions and fallback text.
_INSIDE_MEDIA = frozenset({"source", "track", "a", "p", "br"})
#: Inline tags a caption beside the media may use, and their Markdown.
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
_INLINE = frozenset({*_EMPHASIS, "a", "span", "small"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")
_SIZE = re.compile(r"^\d+(?:\.\d+)?(?:px|%|em|rem|vw)?$")


@dataclass
class Media:
    tag: str
    attrs: dict[str, str]
    sources: list[str] = field(default_factory=list)


def read_media(html: str) -> list[Media | str] | None:
    """The media elements of ``html`` with the paragraphs of words around them (a caption,
    in Markdown), or None when there is no media or anything else a reader sees."""
    if not _MEDIA_TAG.search(html):
        return None  # no media at all: nothing to read (and no HTML parser to import)
    from .media_reader import MediaReader

    reader = MediaReader()
    reader.feed(html)
    reader.close()
    reader._paragraph()
    if reader.other or not any(isinstance(item, Media) for item in reader.items):
        return None
    return reader.items


_MEDIA_TAG = re.compile(r"<(iframe|video|audio)(?=[\s>/]|$)", re.IGNORECASE)
#: Where a line's own text starts: after its indentation and any list or quote markers.
_LEAD = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?)*")
_QUOTE_LEAD = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_PROTECTED = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)|<!--.*?-->")


@dataclass
class InText:
    """A media element found in running text (see :func:`media_in_text`)."""

    lead: str
    """The first line's indentation and list or quote markers."""
    prefix: str
    """The words before the element on its first line (without the lead)."""
    media: list[Media | str]
    last: int
    """The index of the line the element ends on."""
    rest: str
    """What follows the element on that line."""


def continuation(lead: str) -> str:
    """The lead of the lines after a line with ``lead``: list markers become spaces."""
    return re.sub(r"[-*+]|\d{1,9}[.)]", lambda m: " " * len(m.group(0)), lead)


def media_in_text(lines: list[str], i: int, *, block_end: int | None = None) -> InText | None:
    """The media element that starts on line ``i`` of running text, if it is only media.

    ``block_end`` is given for a line that starts an HTML block (as markdown-it reads the
    text): then the whole block must be media, wrappers allowed. Otherwise the element
    starts anywhere in the line outside code spans and comments, and ends at its closing
    tag, at the latest on the paragraph's last line.
    """
    line = lines[i]
    lead_match = _LEAD.match(line)
    lead = lead_match.group(0) if lead_match else ""
    if block_end is not None:
        if not _MEDIA_TAG.search(line) and not any(
            _MEDIA_TAG.search(lines[j]) for j in range(i, block_end)
        ):
            return None
        text = "\n".join(
            [line[len(lead) :]] + [_unquote(lines[j]) for j in range(i + 1, block_end)]
        )
        media = read_media(text)
        if media is None:
            return None
        return InText(lead, "", media, block_end - 1, "")
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(line)]
    start = next(
        (
            m
            for m in _MEDIA_TAG.finditer(line, len(lead))
            if not any(a <= m.start() < b for a, b in protected)
        ),
        None,
    )
    if start is None:
        return None
    tag = start.group(1).lower()
    opening = re.compile(r"<" + tag + r"(?=[\s>/]|$)", re.IGNORECASE)
    closing = re.compile(r"</" + tag + r"\s*>", re.IGNORECASE)
    parts: list[str] = []
    depth = 0
    j = i
    segment = line[start.start() :]
    while True:
        position = 0
        for found in sorted(
            [(m.start(), 1, m) for m in opening.finditer(segment)]
            + [(m.start(), -1, m) for m in closing.finditer(segment)],
            key=lambda item: item[0],
        ):
            depth += found[1]
            if depth == 0:
                position = found[2].end()
                break
        if depth == 0 and position:
            parts.append(segment[:position])
            rest = segment[position:]
            break
        parts.append(segment)
        j += 1
        if j >= len(lines) or not lines[j].strip():
            return None  # never closed within the paragraph: left as it is
        segment = _unquote(lines[j])
    media = read_media("\n".join(parts))
    if media is None:
        return None
    return InText(lead, line[len(lead) : start.start()].rstrip(), media, j, rest)


def _unquote(line: str) -> str:
    return _QUOTE_LEAD.sub("", line)


def _size_options(attrs: dict[str, str], *, unit: str = "px") -> list[tuple[str, str]]:
    """Width and height as the directive takes them (sphinxcontrib-video: bare numbers)."""
    options = []
    for key in ("width", "height"):
        value = attrs.get(key, "").strip()
        if unit == "":
            value = value.removesuffix("px")
            if value and re.fullmatch(r"\d+%?", value):
                options.append((key, value))
        elif value and _SIZE.match(value):
            options.append((key, value if not value[-1].isdigit() else value + unit))
    return options


def youtube_id(src: str) -> tuple[str, str, bool] | None:
    """(video id, url parameters, privacy mode) of a YouTube address, else None."""
    parts = urlsplit(src if "//" in src else "https://" + src)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    query = dict(parse_qsl(parts.query))
    video: str | None = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        found = re.match(r"^/(?:embed|shorts|live|v)/([^/?#]+)", parts.path)
        if found:
            video = found.group(1)
        elif parts.path == "/watch":
            video = query.pop("v", None)
    elif host == "youtu.be":
        video = parts.path.strip("/") or None
    if not video or not _YOUTUBE_ID.match(video):
        return None
    query.pop("si", None)  # a share-tracking token, not part of the video
    if "t" in query and "start" not in query:
        query["start"] = re.sub(r"s$", "", query.pop("t"))
    parameters = "?" + urlencode(query) if query else ""
    return video, parameters, host == "youtube-nocookie.com"


def vimeo_id(src: str) -> str | None:
    parts = urlsplit(src if "//" in src else "https://" + src)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host not in ("player.vimeo.com", "vimeo.com"):
        return None
    found = re.match(r"^/(?:video/)?(\d+)", parts.path)
    return found.group(1) if found else None


@dataclass
class Converted:
    """What one media element becomes: directive lines (or a link), and what to report."""

    lines: list[str]
    extension: str | None = None
    review: str | None = None
    local: list[str] = field(default_factory=list)
    """Local files the element points at (to check that they are in the site)."""


def convert_media(media: Media) -> Converted:
    attrs = media.attrs
    if media.tag == "iframe":
        src = attrs.get("src", "").strip()
        found = youtube_id(src)
        if found is not None:
            video, parameters, private = found
            options = _size_options(attrs)
            if parameters:
                options.append(("url_parameters", parameters))
            if private:
                options.append(("privacy_mode", "enable"))
            return Converted(_directive("youtube", video, options), "sphinxcontrib.youtube")
        vimeo = vimeo_id(src)
        if vimeo is not None:
            return Converted(
                _directive("vimeo", vimeo, _size_options(attrs)), "sphinxcontrib.youtube"
            )
        title = attrs.get("title", "").strip() or urlsplit(src).hostname or src
        return Converted(
            [f"[{_escape(title)}]({src})"] if src else [],
            review=f"embedded page from {urlsplit(src).hostname or 'an unknown address'} is "
            "a link now: embed it again only from a provider you trust",
        )
    sources = [attrs["src"]] if attrs.get("src") else []
    sources += media.sources
    if media.tag == "audio" or not sources:
        links = [f"[{_escape(src.rsplit('/', 1)[-1])}]({src})" for src in sources]
        return Converted(
            [" ".join(links)] if links else [],
            review=f"<{media.tag}> has no directive here: it is a link to its file now",
            local=[src for src in sources if _is_local(src)],
        )
    options = _size_options(attrs, unit="")
    if attrs.get("poster"):
        options.append(("poster", attrs["poster"]))
    for flag in ("autoplay", "loop", "muted", "playsinline"):
        if flag in attrs:
            options.append((flag, ""))
    if "controls" not in attrs:
        options.append(("nocontrols", ""))
    if attrs.get("preload") in ("auto", "metadata", "none"):
        options.append(("preload", attrs["preload"]))
    extra = sources[1:]
    converted = Converted(
        _directive("video", sources[0], options),
        "sphinxcontrib.video",
        local=[src for src in [sources[0], attrs.get("poster", "")] if src and _is_local(src)],
    )
    if extra:
        converted.review = (
            f"<video> lists {len(sources)} sources; the directive plays the first, "
            + ", ".join(extra)
            + " left out"
        )
    return converted


def _is_local(src: str) -> bool:
    return not re.match(r"^[a-zA-Z][\w+.-]*:|^//", src)


def _escape(text: str) -> str:
    return re.sub(r"([\[\]])", r"\\\1", text)


def _directive(name: str, argument: str, options: list[tuple[str, str]]) -> list[str]:
    return [
        f"```{{{name}}} {argument}",
        *[f":{key}: {value}".rstrip() for key, value in options],
        "```",
    ]
