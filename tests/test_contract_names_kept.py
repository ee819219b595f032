"""A theme or extension that registers a directive with a contract name does not take it.

sphinx-immaterial, the Sphinx port of Material for MkDocs that migrated courses use,
registers an ``example`` admonition at ``config-inited``; before this was handled every
illustrative example became an admonition and the HTML writer stopped with a traceback.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.cmd.build import build_main

PAGE = """---
title: Names
track: rri
module: rri-101
---
# Names

::::{illustrative-example}
:::{example} Health care
Nurses rehearse with the tool.
:::
::::
"""

GRABBER = """
from docutils.parsers.rst.directives.admonitions import Note


def grab(app, config):
    app.add_directive("example", Note, override=True)
    app.add_directive("task-card", Note, override=True)


def setup(app):
    app.connect("config-inited", grab)
    return {"parallel_read_safe": True}
"""


def test_contract_directives_stay_ours(tmp_path: Path) -> None:
    (tmp_path / "grabber.py").write_text(GRABBER, encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n"
        'extensions = ["sphinx_rri", "grabber"]\n',
        encoding="utf-8",
    )
    (tmp_path / "index.md").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "_build"
    assert build_main(["-q", "-W", "-b", "html", str(tmp_path), str(out)]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "sphinx-tabs-panel" in html
    assert 'class="admonition note"' not in html
