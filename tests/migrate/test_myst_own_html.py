"""The raw-HTML guard leaves the markup MyST writes for its own syntax alone.

Strikethrough, task lists and hard line breaks come out of MyST as raw HTML nodes. With
``rri_allow_raw_html = False`` they must still render as a line through the words, a
checkbox and a line break, while the same tags written by an author with anything
added (an attribute, another input type) are still shown as text.
"""

from __future__ import annotations

from pathlib import Path

from migrate_helpers import sphinx_build

PAGE = """\
# Checklist

Some ~~old **bold** words~~ stay, line one\\
line two.

- [x] a task done
- [ ] a task to do

Written by hand: <s onclick="alert(1)">struck</s> and <input type="text" value="x">.
"""


def test_myst_syntax_renders_and_author_html_stays_text(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_rri']\n"
        "myst_enable_extensions = ['strikethrough', 'tasklist']\n"
        "suppress_warnings = ['myst.strikethrough']\n",
        encoding="utf-8",
    )
    (src / "index.md").write_text(PAGE, encoding="utf-8")
    result = sphinx_build(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    # Only the author's own HTML (line 9) is reported; MyST's markup is not.
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert all("index.md:9:" in line for line in warnings), warnings
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<span class="rri-strike">old <strong>bold</strong> words</span>' in html
    assert "line one<br />" in html
    assert html.count('<input class="task-list-item-checkbox"') == 2
    assert 'checked="checked" disabled="disabled" type="checkbox">a task done' in html
    # The author's own tags, with what they add, are still escaped text.
    assert "&lt;s" in html and "onclick" in html and "<s onclick" not in html
    assert '<input type="text" value="x">' not in html and "&lt;input" in html
