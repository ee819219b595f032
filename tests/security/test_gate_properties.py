"""Property tests through both gates: generated pages of disguised links and of HTML
comments are validated and built (HTML), and

- both gates report exactly the same located ``rri.unsafe`` messages;
- nothing dangerous reaches the site: no script, no event handler, no ``javascript:``,
  ``vbscript:``, ``data:`` or ``file:`` target (the HTML read with BeautifulSoup);
- every generated link whose target a browser would read as a refused scheme is
  reported at its line.

The link variants cover every syntax that can make a link or an image (Markdown links,
images, autolinks and reference definitions, MyST's link directives, rST hyperlinks,
named targets, image and figure ``:target:``, toctree entries), and spell the scheme in
any letter case, with entities, tabs, line breaks, percent-encoding or control
characters in front. The comment variants mix ``<!--``, ``-->``, ``--!>``, ``<!-->``,
``<!--->`` and markup. Each example is a whole page, so each costs a build: the number
of examples is small, and each page holds many variants.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_pages_are_text import HEAD, assert_harmless_html, built

from sphinx_rri.cli import main as cli_main

CONF = (
    'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n'
    'myst_enable_extensions = ["colon_fence", "html_image"]\n'
)
REFUSED = ["javascript", "vbscript", "data", "file"]
PAYLOAD = "alert(1)"


def gates(srcdir: Path, build: Callable[..., tuple[Path, str]]) -> tuple[Path, list[str]]:
    """Both gates' located rri.unsafe lines, which must be the same."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli_main(["validate", "--no-cache", str(srcdir)])
    checked = sorted(
        line.split(f"{srcdir.name}{os.sep}", 1)[-1].replace(": error: ", ": ", 1)
        for line in out.getvalue().splitlines()
        if "[rri.unsafe]" in line
    )
    outdir, warned = built(srcdir, build)
    assert checked == warned
    return outdir, checked


@st.composite
def spelled_scheme(draw: st.DrawFn, *, markdown: bool) -> tuple[str, bool]:
    """A refused scheme as a page may spell it, and whether a browser would still read
    it as that scheme once the syntax has decoded it."""
    scheme = draw(st.sampled_from(REFUSED))
    letters = [c.upper() if draw(st.booleans()) else c for c in scheme]
    kind = draw(st.sampled_from(["plain", "entity", "tab", "percent", "lead"]))
    if kind == "entity" and markdown:
        # markdown-it decodes entities in link targets: &#106; is "j".
        index = draw(st.integers(0, len(letters) - 1))
        letters[index] = f"&#{ord(letters[index])};"
        return "".join(letters), True
    if kind == "tab":
        # A tab ends a Markdown target; in rST a target's blanks are removed.
        index = draw(st.integers(1, len(letters) - 1))
        letters.insert(index, "\t")
        return "".join(letters), not markdown
    if kind == "percent":
        # Percent-encoding is not decoded in a scheme: "java%09script:" is relative.
        index = draw(st.integers(1, len(letters) - 1))
        letters.insert(index, "%09")
        return "".join(letters), False
    if kind == "lead":
        return "%20" + "".join(letters), False
    return "".join(letters), True


@st.composite
def link_line(draw: st.DrawFn) -> tuple[str, bool]:
    """One paragraph (or block) holding one disguised link, and whether it must be
    reported."""
    syntax = draw(
        st.sampled_from(
            ["link", "image", "autolink", "reference", "html-image", "rst-link",
             "rst-target", "rst-image-target", "toctree"]
        )
    )  # fmt: skip
    markdown = syntax in ("link", "image", "autolink", "reference", "html-image")
    scheme, refused = draw(spelled_scheme(markdown=markdown))
    target = f"{scheme}:{PAYLOAD}" if syntax != "toctree" else f"{scheme}://{PAYLOAD}"
    if syntax == "autolink" and ("\t" in target or "&" in target):
        refused = False  # not an autolink at all: text
    if syntax == "toctree" and not refused:
        refused = False
    text = {
        "link": f"[click]({target})",
        "image": f"![picture]({target})",
        "autolink": f"<{target}>",
        "reference": f"[click][r]\n\n[r]: {target}",
        "html-image": f'<img src="{target}" alt="x">',
        "rst-link": f"```{{eval-rst}}\n`click <{target}>`_\n```",
        "rst-target": f"```{{eval-rst}}\nclick_\n\n.. _click: {target}\n```",
        "rst-image-target": (f"```{{eval-rst}}\n.. image:: picture.png\n   :target: {target}\n```"),
        "toctree": f"```{{toctree}}\nClick <{target}>\n```",
    }[syntax]
    return text, refused


@settings(
    max_examples=int(os.environ.get("RRI_GATE_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # Each example is a build: no shrinking (a failure prints the whole page).
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    # The same examples on every run, so CI is stable; RRI_HYPOTHESIS_EXPLORE=1 draws
    # new ones.
    derandomize=os.environ.get("RRI_HYPOTHESIS_EXPLORE") != "1",
)
@given(lines=st.lists(link_line(), min_size=4, max_size=10))
def test_disguised_links_are_never_linked(
    lines: list[tuple[str, bool]], build: Callable[..., tuple[Path, str]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = Path(tmp) / "src"
        srcdir.mkdir()
        (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
        (srcdir / "picture.png").write_bytes(b"")
        # Each reference its own label: CommonMark uses the first definition of a
        # label, so a later one with the same label is never a link.
        body = "\n\n".join(text.replace("[r]", f"[r{i}]") for i, (text, _) in enumerate(lines))
        body += "\n"
        (srcdir / "index.md").write_text(HEAD + body, encoding="utf-8")
        outdir, found = gates(srcdir, build)
        assert_harmless_html(outdir)
        # Every variant a browser would read as a refused scheme is reported where
        # it is written (or, for a reference, where it is used).
        first = HEAD.count("\n") + 1
        reported = {int(line.split(":")[1]) for line in found}
        for (text, refused), start in zip(lines, _starts(lines, first), strict=True):
            if refused:
                span = range(start, start + text.count("\n") + 1)
                assert reported & set(span), (text, found)


def _starts(lines: list[tuple[str, bool]], first: int) -> list[int]:
    starts, line = [], first
    for text, _ in lines:
        starts.append(line)
        line += text.count("\n") + 2
    return starts


COMMENT_PIECES = st.sampled_from(
    ["<!--", "-->", "--!>", "<!-->", "<!--->", "--", "!", ">", "<", " ", "a",
     "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>", "&lt;",
     "<?pi?>", "<![CDATA[x]]>"]
)  # fmt: skip


@settings(
    max_examples=int(os.environ.get("RRI_GATE_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # Each example is a build: no shrinking (a failure prints the whole page).
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    # The same examples on every run, so CI is stable; RRI_HYPOTHESIS_EXPLORE=1 draws
    # new ones.
    derandomize=os.environ.get("RRI_HYPOTHESIS_EXPLORE") != "1",
)
@given(blocks=st.lists(st.lists(COMMENT_PIECES, min_size=1, max_size=8), min_size=3, max_size=8))
def test_html_comments_hide_nothing(
    blocks: list[list[str]], build: Callable[..., tuple[Path, str]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = Path(tmp) / "src"
        srcdir.mkdir()
        (srcdir / "conf.py").write_text(CONF.replace(', "html_image"', ""), encoding="utf-8")
        # Each block starts as an HTML block and, inline, inside a paragraph.
        body = "\n\n".join(
            text
            for pieces in blocks
            for text in ("<!-- x -->" + "".join(pieces), "Text " + "".join(pieces) + " end.")
        )
        (srcdir / "index.md").write_text(HEAD + body + "\n", encoding="utf-8")
        outdir, _found = gates(srcdir, build)
        assert_harmless_html(outdir)
        # What a browser builds from the page: no element the page's HTML asked for
        # (text inside a comment stays a comment).
        soup = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html5lib")
        article = soup.find("section", id="attack")
        assert article is not None
        found = article.find_all(["script", "img", "svg", "b"])
        assert found == [], found
