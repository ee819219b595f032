"""Links in Markdown: what markdown-it refuses, and which links MyST makes into URLs.

markdown-it refuses some link targets itself (``javascript:``, ``vbscript:``, ``file:``
and ``data:`` other than images): the link, image, autolink or reference definition is
then read as plain text, and neither gate would see that a page tried one. While pages
are sandboxed both gates parse with :func:`permit_links`, so that every link is a link
token, and judge each target themselves: one that markdown-it would refuse is reported
and shown as its text, never linked.

:func:`myst_link_kind` says what MyST makes of a link, following ``myst_parser``'s
``render_link``: a URL (a ``reference`` with that ``refuri``, the only kind that can
carry a scheme into the output), a download, a link to a document, an anchor or a
cross-reference.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

#: What MyST takes as a link's scheme.
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def markdown_refuses(url: str) -> bool:
    """Whether markdown-it's own ``validateLink`` refuses this (normalised) target."""
    from markdown_it.common.normalize_url import validateLink

    return not validateLink(url)


def _permit(url: str) -> bool:
    return True


def permit_links(md: Any) -> Any:
    """Make ``md`` (a ``MarkdownIt``) read every link target as a link; returns ``md``."""
    md.validateLink = _permit
    return md


def myst_link_kind(href: str, *, auto: bool, external: bool, url_schemes: Collection[str]) -> str:
    """What MyST's Sphinx renderer makes of a Markdown link (``myst_parser``'s
    ``render_link``): ``"url"`` (a reference to ``href`` itself), ``"path"`` (a
    download of the file after ``path:``), ``"project"`` (a link to the document after
    ``project:``, or a URL when there is none), ``"anchor"`` or ``"inventory"`` (links
    inside the project or to another one's inventory), or ``"unknown"`` (a download
    when it names a file that is not a document, else a cross-reference). ``auto`` is
    an autolink (``<...>``), ``external`` a link with the class ``external``."""
    if external:
        return "url"
    if href.startswith("#"):
        return "anchor"
    match = _SCHEME.match(href)
    scheme = match.group(1) if match else None
    if scheme in url_schemes:
        return "url"
    if scheme == "inv":
        return "inventory"
    if scheme in ("path", "project"):
        return scheme
    return "url" if auto else "unknown"


def myst_link_uri(
    href: str, *, auto: bool, external: bool, url_schemes: Collection[str]
) -> str | None:
    """The URL MyST writes for a Markdown link when it writes ``href`` as one (see
    :func:`myst_link_kind`), or None."""
    kind = myst_link_kind(href, auto=auto, external=external, url_schemes=url_schemes)
    return href if kind == "url" else None
