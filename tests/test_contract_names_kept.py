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


def test_search_results_lead_to_the_card(tmp_path: Path) -> None:
    """Sphinx's search index shortens an anchor ``<type>-<name>`` to ``-`` and rebuilds
    it from the displayed name (a task's title): the anchor it stores must be the one
    the page has, decoded the way the search page decodes it."""
    import json
    import re

    page = PAGE.replace(
        "::::{illustrative-example}",
        ":::::{task-card} Model Testing and Validation\n"
        "::::{task-description}\nText.\n::::\n\n::::{task-importance}\nText.\n::::\n\n"
        "::::{illustrative-example}",
    ).replace("::::\n", "::::\n:::::\n", 0)
    page = page.rstrip("\n") + "\n:::::\n"
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_rri"]\n', encoding="utf-8")
    (tmp_path / "index.md").write_text(page, encoding="utf-8")
    out = tmp_path / "_build"
    assert build_main(["-q", "-b", "html", str(tmp_path), str(out)]) == 0
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    (typeindex,) = [int(k) for k, v in index["objtypes"].items() if v == "rri:task"]
    entries = [e for group in index["objects"].values() for e in group if e[1] == typeindex]
    assert len(entries) == 1
    _doc, objtype, _prio, anchor, name = entries[0]
    # As Sphinx's searchtools.js rebuilds it.
    if anchor == "":
        anchor = name
    elif anchor == "-":
        anchor = index["objnames"][str(objtype)][1] + "-" + name
    html = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'id="{re.escape(anchor)}"', html), anchor
