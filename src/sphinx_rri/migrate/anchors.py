"""Section anchors as mkdocs made them, so ``page/#section`` links and bookmarks still work.

Python-Markdown's ``toc`` extension gives each heading an id from its text; MyST gives
one too, in GitHub's style, and the two differ: ``Fairness & Bias`` is
``fairness-bias`` to mkdocs and ``fairness--bias`` to MyST, ``Café`` is ``cafe`` and
``café``. The generated ``conf.py`` names one of the functions below as
``myst_heading_slug_func``, so that MyST writes the ids mkdocs wrote, and the
migration checks the links between pages with the same function.

This module is imported by the build of a migrated site: it imports nothing heavy.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["slug_function", "toc_slug", "unicode_slug"]


def toc_slug(text: str) -> str:
    """Python-Markdown's default: ASCII letters, digits, ``_`` and hyphens, runs of
    spaces and hyphens made one hyphen, lower case."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def unicode_slug(text: str) -> str:
    """pymdownx's ``slugify(case="lower")``, which sites set for non-English headings:
    letters of every script kept, each space a hyphen."""
    text = re.sub(r"</?[^>]*>", "", unicodedata.normalize("NFC", text)).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def slug_function(toc_options: object) -> str:
    """The name of this module's function that makes the site's anchors, from the
    options of mkdocs.yml's ``toc`` extension (its ``slugify``, read as text)."""
    slugify = toc_options.get("slugify") if isinstance(toc_options, dict) else None
    if isinstance(slugify, dict) or (slugify and "pymdownx" in str(slugify)):
        return "unicode_slug"
    return "toc_slug"
