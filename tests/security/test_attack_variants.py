"""Pages are only text: a second look, with new variants of the channels.

Each test attacks one class the first round left open, through both gates (and the
LaTeX build where TeX is the target), and asserts the located ``rri.unsafe`` messages
and what reached the output:

- a file named the way Sphinx reads from the file system's root (``//abs``), a
  standard include (``<...>``) that climbs out of docutils' folder, the file a
  ``literalinclude`` compares with (``:diff:``);
- ``include``'s ``:parser:``, whose value docutils imports while it reads the options,
  before any directive runs;
- a ``meta`` field whose name carries ``http-equiv`` as an attribute;
- math that makes links or HTML attributes (MathJax's ``\\href``, ``\\class``), or
  reaches the engines' own extensions (``\\pdfannot``, ``\\VerbatimInput``);
- a ``docutils.conf`` beside ``conf.py``;
- rST link targets spelt with backslash escapes, references to them on other lines,
  anonymous targets, and a link in a paragraph after another one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from test_pages_are_text import (
    SECRET,
    assert_harmless_html,
    assert_no_secret,
    both_gates,
    built,
    project,
)

from sphinx_rri.sandbox import url_problem
from sphinx_rri.sandbox.judge import as_uri

OUTSIDE = "'{}' is outside the source folder (after links); not read [rri.unsafe]"
SCHEME = (
    "link target scheme '{}' is not in rri_url_schemes (http, https, mailto); "
    "shown as text, not linked [rri.unsafe]"
)


def test_files_sphinx_reads_from_the_file_systems_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    secret = str(tmp_path / "secret.txt")
    page = (
        f"```{{literalinclude}} /{secret}\n```\n\n"
        f"```{{include}} /{secret}\n:literal:\n```\n\n"
        f"{{download}}`notes </{secret}>`\n\n"
        f"```{{figure}} /{secret}\n```\n\n"
        "```{eval-rst}\n"
        ".. include:: <../../../../../../../../../../secret.txt>\n\n"
        f".. include:: <{secret}>\n   :literal:\n\n"
        ".. include:: <isonum.txt>\n\n"
        ".. literalinclude:: inside.txt\n   :diff: ../secret.txt\n\n"
        ".. literalinclude:: ///inside.txt\n"
        "```\n"
    )
    srcdir = project(tmp_path, page, {"inside.txt": "inside\n"})
    outdir, found = both_gates(srcdir, capsys, build)
    standard = "'{}' is not one of docutils' standard include files; not read [rri.unsafe]"
    assert found == sorted(
        [
            f"index.md:9: literalinclude: {OUTSIDE.format('/' + secret)}",
            f"index.md:12: include: {OUTSIDE.format('/' + secret)}",
            f"index.md:16: download: {OUTSIDE.format('/' + secret)}",
            f"index.md:18: figure: {OUTSIDE.format('/' + secret)}",
            f"index.md:22: {standard.format('<' + '../' * 10 + 'secret.txt>')}",
            f"index.md:24: {standard.format('<' + secret + '>')}",
            f"index.md:29: literalinclude :diff: {OUTSIDE.format('../secret.txt')}",
        ]
    )
    assert_no_secret(outdir)
    # What stays inside is read as before: a docutils standard file, a rooted path.
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert html.count("inside") == 1


def test_a_parser_option_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    marker = tmp_path / "PWNED"
    planted = f"open({str(marker)!r} + __name__, 'w')\n"
    page = (
        "```{eval-rst}\n"
        ".. include:: other.md\n   :parser: planted\n\n"
        ".. einfügen:: other.md\n   :PARSER: planted_too\n"
        "```\n\n"
        "```{include} other.md\n:parser: planted_md\n```\n"
    )
    extra = {
        "other.md": "Other.\n",
        "planted.py": planted,
        "planted_too.py": planted,
        "planted_md.py": planted,
    }
    srcdir = project(tmp_path, page, extra)
    with (srcdir / "conf.py").open("a") as conf:
        # A project that puts its own folder on the path (for local extensions).
        conf.write(
            "import os, sys\nsys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))\n"
            'language = "de"\n'
        )
    _outdir, found = both_gates(srcdir, capsys, build)
    refused = "include's :parser: option imports a module by name; refused [rri.unsafe]"
    assert found == [f"index.md:{n}: {refused}" for n in (10, 13, 17)]
    assert not list(tmp_path.glob("PWNED*"))


def test_trusted_pages_still_choose_a_parser(
    tmp_path: Path, build: Callable[..., tuple[Path, str]]
) -> None:
    page = "```{eval-rst}\n.. include:: other.txt\n   :parser: rst\n```\n"
    srcdir = project(tmp_path, page, {"other.txt": "*Emphasised* words.\n"})
    with (srcdir / "conf.py").open("a") as conf:
        conf.write("rri_trust_pages = True\n")
    outdir, _warnings = build(srcdir, "html", warningiserror=False)
    assert "<em>Emphasised</em>" in (outdir / "index.html").read_text(encoding="utf-8")


def test_http_equiv_written_as_an_attribute_of_a_meta_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "```{eval-rst}\n.. meta::\n"
        "   :description HTTP-EQUIV=refresh: 0; url=https://evil.example\n```\n\n"
        "```{eval-rst}\n.. meta::\n   :keywords lang=en http-equiv=set-cookie: a=b\n```\n\n"
        "```{eval-rst}\n.. meta::\n   :description lang=en: fine\n```\n"
    )
    srcdir = project(tmp_path, page)
    outdir, found = both_gates(srcdir, capsys, build)
    refused = "meta with http-equiv can redirect readers or set cookies; refused [rri.unsafe]"
    assert found == [f"index.md:10: {refused}", f"index.md:15: {refused}"]
    assert_harmless_html(outdir)
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "evil.example" not in html and "a=b" not in html
    assert '<meta content="fine"' in html


def test_math_that_makes_links_or_reaches_the_engine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "Inline $\\href{javascript:alert(1)}{x}$ math.\n\n"
        "$$\n\\class{x}{y} + \\style{color: red}{z}\n$$\n\n"
        "$$\n\\mmlToken{mi}[href='javascript:alert(2)']{a}\n$$\n\n"
        "$$\n\\pdfannot{/Subtype/Link/A<</S/JavaScript/JS(app.alert(3))>>}a\n$$\n\n"
        "```{math}\n\\VerbatimInput{/etc/passwd}\n```\n\n"
        "Fine $\\mathrm{d}x + \\frac{a}{b}$ math.\n"
    )
    srcdir = project(tmp_path, page)
    outdir, found = both_gates(srcdir, capsys, build)
    assert [line.split(": ", 1)[0] for line in found] == sorted(
        f"index.md:{n}" for n in (9, 11, 15, 19, 23)
    )
    links = "which makes links or HTML attributes (in MathJax, in the PDF)"
    files = "which can read or write files or run commands in TeX"
    assert [links in line for line in found].count(True) == 3
    assert [files in line for line in found].count(True) == 2
    html = (outdir / "index.html").read_text(encoding="utf-8")
    # MathJax, in the reader's browser: its own filter on, and only Sphinx's math read.
    config = re.search(r"window\.MathJax = (\{.*?\})\s*</script>", html)
    assert config is not None
    settings = json.loads(config.group(1))
    assert "ui/safe" in settings["loader"]["load"]
    assert settings["startup"]["elements"] == [".math"]
    latex, warned = built(srcdir, build, "latex")
    assert warned == found
    tex = next(latex.glob("*.tex")).read_text(encoding="utf-8")
    assert "\\pdfannot" not in tex.replace("\\textbackslash{}pdfannot", "")
    assert "\\href{javascript" not in tex


def test_the_projects_mathjax_settings_are_kept(
    tmp_path: Path, build: Callable[..., tuple[Path, str]]
) -> None:
    srcdir = project(tmp_path, "Some $x^2$ math.\n")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write(
            'mathjax3_config = mathjax4_config = {"tex": {"macros": {"RR": "{\\\\bf R}"}},'
            ' "loader": {"load": ["[tex]/physics"]}}\n'
        )
    outdir, _warnings = build(srcdir, "html", warningiserror=False)
    html = (outdir / "index.html").read_text(encoding="utf-8")
    configs = [json.loads(c) for c in re.findall(r"window\.MathJax = (\{.*?\})\s*</script>", html)]
    assert configs
    for settings in configs:
        assert settings["tex"]["macros"] == {"RR": "{\\bf R}"}
        assert settings["loader"]["load"] == ["[tex]/physics", "ui/safe"]


def test_a_docutils_conf_beside_conf_py_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = "{rfc}`2616` and {pep}`8`.\n\n```{eval-rst}\n.. raw:: html\n   :file: /secret.txt\n```\n"
    srcdir = project(tmp_path, page)
    # A pull request adds it: PEP and RFC links to javascript:, absolute paths read from
    # the folder above, warnings written over a file.
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (srcdir / "docutils.conf").write_text(
        "[general]\n"
        "pep_base_url: javascript:alert(1)//\nrfc_base_url: javascript:alert(2)//\n"
        f"root_prefix: {tmp_path}\nwarning_stream: {victim}\n",
        encoding="utf-8",
    )
    outdir, found = both_gates(srcdir, capsys, build)
    assert found == [f"index.md:12: raw :file: {OUTSIDE.format('/secret.txt')}"]
    assert_harmless_html(outdir)
    assert_no_secret(outdir)
    soup = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [str(a.get("href")) for a in soup.find_all("a", href=True)]
    assert any("rfc2616" in h and h.startswith("https://") for h in hrefs)
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_link_targets_as_docutils_reads_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "Text `a <java\\script:alert(1)>`_ and `b`_.\n\n"  # 9
        ".. _b: java\\script:alert(2)\n\n"  # 11
        ".. |s| image:: p.png\n"
        ".. _s: javascript:alert(3)\n\n"  # 14
        "|s|_ uses it, and so does s_.\n\n"
        ".. image:: p.png\n   :target: java\\script:alert(4)\n\n"  # 18
        "Use `anon`__ here.\n\n"
        "__ javascript:alert(5)\n\n"  # 23
        "A paragraph.\n\n"
        "See javascript:alert(6) here.\n"  # 27
    )
    srcdir = project(tmp_path, "", {"p.png": "not really a picture"})
    (srcdir / "index.md").unlink()
    (srcdir / "index.rst").write_text("Attack\n======\n\n" + "\n" * 5 + page, encoding="utf-8")
    outdir, found = both_gates(srcdir, capsys, build)
    assert found == sorted(
        [
            f"index.rst:9: {SCHEME.format('javascript')}",
            f"index.rst:11: {SCHEME.format('javascript')}",
            f"index.rst:14: {SCHEME.format('javascript')}",
            f"index.rst:18: image :target: {SCHEME.format('javascript')}",
            f"index.rst:23: {SCHEME.format('javascript')}",
            f"index.rst:27: {SCHEME.format('javascript')}",
        ]
    )
    assert_harmless_html(outdir)


@given(st.text(alphabet="jav\\ \t\n:_x", max_size=24))
def test_uris_are_read_as_docutils_reads_them(written: str) -> None:
    """Backslash escapes and white space in a URI (a target, an embedded ``<...>``, an
    option): the sandbox reads the URI docutils' own ``directives.uri`` makes of them, so an escaped
    ``java\\script:`` cannot slip past either gate."""
    from docutils.parsers.rst import directives

    assert as_uri(written) == directives.uri(written)


def test_an_escaped_scheme_is_refused() -> None:
    for written in ["java\\script:alert(1)", "j\\a\\v\\a\\script:x"]:
        assert url_problem(as_uri(written), ["http", "https"]), written
    assert SECRET  # the secret every test plants outside the source folder


def test_images_and_downloads_a_site_would_serve_as_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "![x](evil.html)\n\n"
        "```{figure} evil.xhtml\n```\n\n"
        "{download}`feed <feed.rss>` {download}`maths <m.mml>` {download}`code <ok.py>`\n\n"
        "![fine](ok.png)\n"
    )
    extra = {
        "evil.html": "<script>alert(1)</script>\n",
        "evil.xhtml": "<html xmlns='http://www.w3.org/1999/xhtml'><script>alert(2)</script></html>",
        "feed.rss": "<rss xmlns:h='http://www.w3.org/1999/xhtml'><h:script>alert(3)</h:script></rss>",
        "m.mml": "<math xmlns:h='http://www.w3.org/1999/xhtml'><h:script>alert(4)</h:script></math>",
        "ok.py": "print('fine')\n",
    }
    srcdir = project(tmp_path, page, extra)
    (srcdir / "ok.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    outdir, found = both_gates(srcdir, capsys, build)
    page_of_the_site = "would be served as a page of the site, where it can run script; not copied"
    assert found == sorted(
        [
            "index.md:9: image: 'evil.html' is not an image file type; not copied [rri.unsafe]",
            "index.md:11: figure: 'evil.xhtml' is not an image file type; not copied [rri.unsafe]",
            f"index.md:14: download: 'feed.rss' {page_of_the_site} [rri.unsafe]",
            f"index.md:14: download: 'm.mml' {page_of_the_site} [rri.unsafe]",
        ]
    )
    copied = sorted(p.name for p in outdir.rglob("*") if p.parent.name != "_static" and p.is_file())
    assert "ok.png" in copied and "ok.py" in copied
    assert not {"evil.html", "evil.xhtml", "feed.rss", "m.mml"} & set(copied)
