"""The floor for ``sphinx-rri validate``: read every page and validate only its front matter.

This is the least any gate can do: find the source files, read them, parse the front
matter with :func:`sphinx_rri.contract.frontmatter.read_frontmatter` and validate it against the
front matter schema (with the project's stages filled in). ``validate`` does all of this
plus the directives, the cross-page rules and the report, so its time over the floor's is
the price of everything beyond the front matter.

Usage: ``python benchmarks/floor.py SRCDIR``; prints the number of pages and of problems.
"""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from sphinx_rri.contract.config import Settings
from sphinx_rri.contract.frontmatter import read_frontmatter
from sphinx_rri.contract.schemas import TOOL_KEYS, load_schema
from sphinx_rri.reader.project import read_confpy


def as_json(value: Any) -> Any:
    """Front matter values as the schema sees them: dates as "YYYY-MM-DD"."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    return value


def main(argv: list[str]) -> int:
    srcdir = Path(argv[0]).resolve()
    settings = Settings.from_values(read_confpy(srcdir / "conf.py"))
    schema = load_schema(
        "frontmatter",
        stages=settings.stages,
        domains=settings.example_domains,
        extra_keys=(*settings.extra_frontmatter_keys, *TOOL_KEYS),
    )
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    pages = problems = 0
    for root, dirs, files in os.walk(srcdir):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if not name.endswith((".md", ".rst")):
                continue
            text = (Path(root) / name).read_text(encoding="utf-8")
            fm = read_frontmatter(
                text,
                allow_fields=name.endswith(".rst"),
                max_bytes=settings.max_frontmatter_bytes,
                max_aliases=settings.max_yaml_aliases,
            )
            pages += 1
            problems += len(fm.problems)
            if fm.present and not fm.problems:
                problems += sum(1 for _ in validator.iter_errors(as_json(fm.values)))
    print(f"{pages} pages, {problems} front matter problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
