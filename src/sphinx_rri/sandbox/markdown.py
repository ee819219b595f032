"""Links in Markdown: what markdown-it refuses, and which links MyST makes into URLs.

markdown-it refuses some link targets itself (``javascript:``, ``vbscript:``, ``file:``
and ``data:`` other than images): the link, image, autolink or reference definition is
then read as plain text, and neither gate would see that a page tried one. While pages
are sandboxed both gates parse with :func:`permit_links`, so that every link is a link
token, and judge each target themselves: one that markdown-it would refuse is reported
and shown as its text, never linked.

:func:`myst_link_uri` says which links MyST writes as a URL (a ``reference`` with that
``refuri``) rather than as a cross-reference or an anchor, following
``myst_parser``'s ``render_link``; only those can carry a scheme into the output.
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


def myst_link_uri(
    href: str, *, auto: bool, external: bool, url_schemes: Collection[str]
) -> str | None:
    """The URL MyST writes for a Markdown link, or None when it makes an anchor or a
    cross-reference of it. ``auto`` is an autolink (``<...>``), ``external`` a link with
    the class ``external``, ``url_schemes`` the names in ``myst_url_schemes``."""
    if external:
        return href
    if href.startswith("#"):
        return None
    match = _SCHEME.match(href)
    scheme = match.group(1) if match else None
    if scheme == "project" and href.removeprefix("project:").startswith("#"):
        return None
    if scheme in url_schemes or scheme in ("path", "project"):
        return href
    if scheme == "inv":
        return None
    return href if auto else None
