"""``resolve_docname`` takes a short way for a plain name next to the current page; it
must give what the general way (``normpath`` of the joined path) gives, for any text."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from sphinx_rri.model.records import resolve_docname

PIECES = st.sampled_from(["", "a", "b", ".", "..", "/", "//", "x.y", "...", " ", "é", "\t"])
TEXT = st.lists(PIECES, max_size=7).map("".join)


def general(current: str, target: str) -> str:
    target = target.strip()
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(current), target))


@given(TEXT, TEXT)
def test_the_short_way_gives_what_normpath_gives(current: str, target: str) -> None:
    assert resolve_docname(current, target) == general(current, target)


def test_plain_names_and_folders() -> None:
    assert resolve_docname("module-1/lesson-2", "lesson-3") == "module-1/lesson-3"
    assert resolve_docname("index", "intro") == "intro"
    assert resolve_docname("a/./b", "c") == "a/c"
    assert resolve_docname("a/../b", "c") == "c"
    assert resolve_docname("/x", "y") == "/y"
    assert resolve_docname("a/b", "../c") == "c"
