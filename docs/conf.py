"""Sphinx configuration for the sphinx-rri documentation, built with the extension itself."""

from __future__ import annotations

import sys
from pathlib import Path

import sphinx_rri

# docs/_ext holds rri_docs, the docs' own directives that render tables from the code.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "sphinx-rri"
author = "The sphinx-rri developers"
copyright = "2026, The sphinx-rri developers"
release = sphinx_rri.__version__
version = ".".join(release.split(".")[:2])

# sphinx_rri sets up myst_parser (with colon fences) and sphinx-tabs itself.
extensions = ["sphinx_rri", "rri_docs"]

html_theme = "furo"
html_title = "sphinx-rri"
html_static_path = ["_static"]

# docs/examples holds the example fragments and case projects that pages include and
# the tests build; they are not documents of this site.
exclude_patterns = ["_build", "examples", "_copied"]

# Pages are only text (rri_trust_pages = False): nothing is read into the site from
# outside this folder. The files of the repository that pages show (the changelog, the
# migration cases) are copied into _copied/ here, by this trusted file, before any page
# is read.
_COPIED = Path(__file__).parent / "_copied"


def _copy_into_docs() -> None:
    root = Path(__file__).parent.parent
    wanted = {root / "CHANGELOG.md": _COPIED / "CHANGELOG.md"}
    for case in sorted((root / "tests" / "migrate" / "cases").glob("*.md")):
        wanted[case] = _COPIED / "migrate-cases" / case.name
    for source, target in wanted.items():
        data = source.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)


_copy_into_docs()

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# The configuration values of the authoring contract, at their defaults.
rri_example_domains = ["Health care", "Environmental Sciences"]
rri_stages = ["project-design", "model-development", "system-deployment"]
