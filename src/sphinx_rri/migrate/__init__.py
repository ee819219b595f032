"""``sphinx-rri migrate``: convert a Material for MkDocs site to MyST course pages.

The public interface:

- :func:`convert_page` converts the text of one page (a pure function, for tests and
  for tools that migrate page by page);
- :func:`migrate_site` migrates a whole site folder into a Sphinx source folder;
- :func:`add_arguments` and :func:`run` are the command line.

Nothing here imports Sphinx: migrating does not build. The converter itself is
imported on first use, so that the command line can describe ``migrate`` without it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Any

#: Where each public name lives; imported when first asked for (PEP 562).
_LAZY = {
    "PageResult": "convert",
    "convert_page": "convert",
    "PageError": "meta",
    "Finding": "report",
    "MigrationReport": "report",
    "PageReport": "report",
    "REPORT_NAME": "site",
    "UsageError": "site",
    "migrate_site": "site",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Finding",
    "MigrationReport",
    "PageError",
    "PageReport",
    "PageResult",
    "UsageError",
    "add_arguments",
    "convert_page",
    "migrate_site",
    "run",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``migrate`` arguments to ``parser``."""
    parser.add_argument(
        "src", metavar="SRC", type=Path, help="folder that holds mkdocs.yml (never written)"
    )
    parser.add_argument("dest", metavar="DEST", type=Path, help="Sphinx source folder to create")
    parser.add_argument(
        "--force", action="store_true", help="write into DEST even when it is not empty"
    )
    parser.add_argument(
        "--track", metavar="SLUG", help="track of every page (default: inferred from the path)"
    )
    parser.add_argument(
        "--module", metavar="SLUG", help="module of every page (default: inferred from the path)"
    )
    parser.add_argument(
        "--theme",
        default="sphinx_immaterial",
        help="html_theme written to conf.py: sphinx_immaterial (the default, the Sphinx port "
        "of Material for MkDocs, with the site's palette and features), furo, or any other",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print nothing but errors; no progress bar"
    )
    parser.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        default=None,
        help="no progress bar even on a terminal",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``sphinx-rri migrate``: 0 done, 1 some pages need a person or failed, 2 usage."""
    import re

    for option in ("track", "module"):
        value = getattr(args, option, None)
        if value is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            print(f"sphinx-rri migrate: --{option} must be a slug like rri-101", file=sys.stderr)
            return 2
    quiet = bool(getattr(args, "quiet", False))
    progress = False if quiet else getattr(args, "progress", None)
    from .site import REPORT_NAME, UsageError, migrate_site

    try:
        report = migrate_site(
            args.src,
            args.dest,
            force=bool(getattr(args, "force", False)),
            track=getattr(args, "track", None),
            module=getattr(args, "module", None),
            progress=progress,
            theme=getattr(args, "theme", None) or "sphinx_immaterial",
        )
    except UsageError as exc:
        print(f"sphinx-rri migrate: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"sphinx-rri migrate: {exc}", file=sys.stderr)
        return 2
    if not quiet:
        print(report.summary())
        print(f"Report: {Path(args.dest) / REPORT_NAME}")
    return report.exit_code


def main(argv: list[str] | None = None) -> int:
    """``python -m sphinx_rri.migrate``: the same command without the sphinx-rri CLI."""
    parser = argparse.ArgumentParser(prog="sphinx-rri migrate", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))
