"""State shared by the steps that convert one page."""

from __future__ import annotations

from dataclasses import dataclass, field

from .report import PageReport

#: Markdown extensions assumed when a page is converted without its mkdocs.yml: the set a
#: typical Material for MkDocs course enables.
DEFAULT_MARKDOWN_EXTENSIONS = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "def_list",
        "footnotes",
        "md_in_html",
        "toc",
        "tables",
        "meta",
        "arithmatex",
        "betterem",
        "caret",
        "details",
        "emoji",
        "highlight",
        "inlinehilite",
        "keys",
        "magiclink",
        "mark",
        "smartsymbols",
        "superfences",
        "tabbed",
        "tasklist",
        "tilde",
        "snippets",
    }
)


def extension_key(name: str) -> str:
    """``markdown.extensions.def_list`` and ``pymdownx.tabbed`` -> ``def_list``, ``tabbed``."""
    return name.rsplit(".", 1)[-1]


@dataclass
class Context:
    path: str
    """The page's path below docs_dir, with forward slashes."""
    report: PageReport
    origin: list[int] = field(default_factory=list)
    """For each line of the expanded page, its 1-based line in the source file."""
    markdown_extensions: frozenset[str] = DEFAULT_MARKDOWN_EXTENSIONS
    abbreviations: dict[str, str] = field(default_factory=dict)
    known_pages: frozenset[str] | None = None
    """Every page of the site (paths below docs_dir); None when converting one page alone."""
    known_files: frozenset[str] | None = None
    """Every file of the site, pages and assets; None when converting one page alone."""
    site_url: str | None = None
    """The original site's address (mkdocs' ``site_url``), for links out of the migration."""
    reserved_ids: set[str] | None = None
    """Task ids already used by earlier pages of the site; new ids are added to it."""
    myst_extensions: set[str] = field(default_factory=set)
    """MyST syntax extensions the output of this page needs."""
    sphinx_extensions: set[str] = field(default_factory=set)
    """Sphinx extensions beyond sphinx_rri the output of this page needs."""
    domains: list[str] = field(default_factory=list)
    """The domains of this page's illustrative examples (its example tabs' labels)."""

    def line(self, index: int) -> int:
        """The source line of an expanded-page line index (clamped, so never raises)."""
        if not self.origin:
            return index + 1
        index = min(max(index, 0), len(self.origin) - 1)
        return self.origin[index]

    def enabled(self, extension: str) -> bool:
        return extension in self.markdown_extensions
