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

Anything else in the block (text, other tags) means it is not only media: the caller
keeps it as raw HTML, for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

#: Tags that may wrap media without carrying anything a reader sees.
_WRAPPERS = frozenset({"div", "p", "center", "span", "figure", "section"})
_MEDIA = frozenset({"iframe", "video", "audio"})
#: Tags inside ``<video>``/``<audio>``: their sources, captions and fallback text.
_INSIDE_MEDIA = frozenset({"source", "track", "a", "p", "br"})
_YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")
_SIZE = re.compile(r"^\d+(?:\.\d+)?(?:px|%|em|rem|vw)?$")


@dataclass
class Media:
    tag: str
    attrs: dict[str, str]
    sources: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.media: list[Media] = []
        self.inside: Media | None = None
        self.depth = 0
        self.other = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if self.inside is not None:
            if tag == "source" and values.get("src"):
                self.inside.sources.append(values["src"])
            elif tag not in _INSIDE_MEDIA:
                self.other = True
            return
        if tag in _MEDIA:
            self.inside = Media(tag, values)
            self.media.append(self.inside)
            if tag == "iframe":
                self.inside = None  # an iframe's content is never shown
        elif tag not in _WRAPPERS:
            self.other = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("video", "audio"):
            self.inside = None

    def handle_endtag(self, tag: str) -> None:
        if tag in ("video", "audio"):
            self.inside = None

    def handle_data(self, data: str) -> None:
        if self.inside is None and data.strip():
            self.other = True


def read_media(html: str) -> list[Media] | None:
    """The media elements of ``html``, or None when it holds anything else a reader sees."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    if reader.other or not reader.media:
        return None
    return reader.media


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
