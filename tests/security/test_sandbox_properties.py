"""Property tests of the sandbox's two judgements that payload lists cannot cover.

- HTML "only comments": whatever mix of comments, comment-like endings (``--!>``,
  ``<!-->``, ``<!--->``), white space and markup is generated, text judged to be only
  comments must produce no element and no visible text when a browser-grade parser
  (html5lib, through BeautifulSoup) reads it in a page.
- Link schemes: any spelling of a refused scheme that a browser would still read as
  that scheme (any letter case, tabs and line breaks inside, control characters and
  spaces before) is refused; relative references are always allowed.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from bs4.element import Comment
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_rri.sandbox import html_is_only_comments, url_problem
from sphinx_rri.sandbox.html import parsed_only_comments, plain_comments

PIECES = st.sampled_from(
    [
        "<!--",
        "-->",
        "--!>",
        "<!-->",
        "<!--->",
        "--",
        "-",
        "!",
        ">",
        "<",
        " ",
        "\n",
        "a",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<b>",
        "&lt;",
        "<!DOCTYPE html>",
        "<?pi?>",
        "<![CDATA[x]]>",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=12))
def test_only_comments_means_nothing_is_rendered(pieces: list[str]) -> None:
    html = "".join(pieces)
    if not html_is_only_comments(html):
        return
    # The page around it: a browser parses the raw HTML inside the body.
    soup = BeautifulSoup(f"<div>{html}</div>", "html5lib")
    div = soup.body.div
    assert div is not None
    assert div.find_all(True) == [], html
    visible = "".join(s for s in div.find_all(string=True) if not isinstance(s, Comment))
    assert visible.strip() == "", html


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.one_of(PIECES, st.sampled_from(["\t", "\f", "\r", "\xa0", "\x00", "x"])), max_size=12
    )
)
def test_the_parser_agrees_with_every_answer_given_without_it(pieces: list[str]) -> None:
    """Comments answered without the HTML5 parser are only comments for it too."""
    html = "".join(pieces)
    if plain_comments(html):
        assert parsed_only_comments(html), html


def test_plain_comments_are_told_without_the_parser() -> None:
    assert plain_comments("<!-- a -->\n  <!-- b -- c --!x --->\n")
    for html in ("<!-->", "<!--->", "<!-- a --!> -->", "<!-- a", "x<!-- a -->", "\xa0<!-- a -->"):
        assert not plain_comments(html), html
    # What the parser still reads as comments only.
    assert html_is_only_comments("<!--> <!--->") and html_is_only_comments("\xa0<!-- a -->")


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=6), st.lists(PIECES, max_size=6))
def test_markup_between_comments_is_never_only_comments(left: list[str], right: list[str]) -> None:
    html = "<!-- a -->" + "".join(left) + "<script>x</script>" + "".join(right) + "<!-- b -->"
    soup = BeautifulSoup(f"<div>{html}</div>", "html5lib")
    if soup.body.div.find("script") is not None:
        assert not html_is_only_comments(html), html


REFUSED = ["javascript", "vbscript", "data", "file"]
NOISE = st.sampled_from(["\t", "\n", "\r"])


@st.composite
def disguised(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(REFUSED))
    letters = [c.upper() if draw(st.booleans()) else c for c in scheme]
    spelled = "".join(c + (draw(NOISE) if draw(st.booleans()) else "") for c in letters)
    lead = draw(st.text(alphabet=[chr(c) for c in range(0x21)], max_size=3))
    return lead + spelled + ":" + draw(st.text(max_size=10))


@settings(max_examples=300, deadline=None)
@given(disguised())
def test_a_disguised_scheme_is_refused(url: str) -> None:
    assert url_problem(url, ["http", "https", "mailto"]) is not None, repr(url)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc/._-#?=0123", max_size=20))
def test_relative_references_are_allowed(url: str) -> None:
    assert url_problem(url, []) is None
