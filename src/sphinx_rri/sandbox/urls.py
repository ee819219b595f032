"""May a link or image target be linked? Only relative links and ``rri_url_schemes``.

The scheme is read as a browser reads it (the WHATWG URL parser): leading and trailing
control characters and spaces are dropped and tabs and line breaks removed anywhere, so
``" java\\tscript:"`` is the scheme ``javascript``. Whatever syntax made the reference (a
Markdown link or autolink, an rST hyperlink, a target, an image's ``:target:``, a role),
the build and ``validate`` ask this one function about the final target text.
"""

from __future__ import annotations

import re

DEFAULT_SCHEMES = ("http", "https", "mailto")

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_STRIP = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def url_scheme(url: str) -> str | None:
    """The scheme of ``url`` in lower case, or None for a relative reference."""
    cleaned = _TAB_OR_NEWLINE.sub("", url.strip(_STRIP))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def url_problem(url: str, schemes: tuple[str, ...] | list[str]) -> str | None:
    """Why ``url`` must not be linked, or None when it may."""
    scheme = url_scheme(url)
    if scheme is None or scheme in {s.lower() for s in schemes}:
        return None
    allowed = ", ".join(schemes) if schemes else "none"
    return (
        f"link target scheme {scheme!r} is not in rri_url_schemes ({allowed}); "
        f"shown as text, not linked"
    )
