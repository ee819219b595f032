"""Pages are only text: one attacking page per channel, through both gates.

Each page is validated and built (HTML, and LaTeX where TeX is the target); both gates
must give the same located ``rri.unsafe`` messages, and no output file may carry what
the page tried: no script, event handler or dangerous scheme in the HTML (read with
BeautifulSoup), no byte of a secret planted outside the source folder, no trace of a
planted command. The builds run without ``-W``: what is refused must be neutralised
whatever the warning settings.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_rri.cli import main as cli_main

SECRET = "SECRET-7f3a9c-NEVER-PUBLISH"
HEAD = "---\ntitle: Attack\ntrack: rri\nmodule: rri-101\n---\n\n# Attack\n\n"
CONF = (
    'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n'
    'myst_enable_extensions = ["colon_fence", "substitution", "dollarmath"]\n'
)
WARNING = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?:WARNING|ERROR): (?P<rest>.*\[rri\.unsafe\])$"
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


def project(tmp_path: Path, page: str, extra: dict[str, str] | None = None) -> Path:
    """A project in ``tmp_path/src`` with ``page`` as index.md, and a secret beside it."""
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.md").write_text(HEAD + page, encoding="utf-8")
    for name, text in (extra or {}).items():
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
        (srcdir / name).write_text(text, encoding="utf-8")
    return srcdir


def validate(srcdir: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    status = cli_main(["validate", str(srcdir)])
    out = capsys.readouterr().out
    lines = [
        line.split(f"{srcdir.name}{os.sep}", 1)[-1].replace(": error: ", ": ", 1)
        for line in out.splitlines()
        if "[rri.unsafe]" in line
    ]
    assert status == (1 if lines else status)
    return sorted(lines)


def built(
    srcdir: Path, build: Callable[..., tuple[Path, str]], builder: str = "html"
) -> tuple[Path, list[str]]:
    outdir, warnings = build(srcdir, builder, warningiserror=False)
    lines = []
    for line in warnings.splitlines():
        match = WARNING.match(line)
        if match:
            path = match["path"].removeprefix("<src>/")
            lines.append(f"{path}:{match['line']}: {match['rest']}")
    return outdir, sorted(lines)


def both_gates(
    srcdir: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> tuple[Path, list[str]]:
    checked = validate(srcdir, capsys)
    outdir, warned = built(srcdir, build)
    assert checked == warned
    return outdir, checked


def every_output(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]


def assert_no_secret(root: Path) -> None:
    for path in every_output(root):
        assert SECRET.encode() not in path.read_bytes(), path


def assert_harmless_html(outdir: Path) -> None:
    for path in outdir.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            # Sphinx's own scripts: files in _static, or its inline configuration.
            src = script.get("src")
            assert src is None or str(src).startswith("_static/") or src == "searchindex.js"
            assert "alert" not in script.get_text(), path
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert not name.lower().startswith("on"), (path, tag)
                if name.lower() in ("href", "src", "action", "formaction", "content"):
                    cleaned = re.sub(r"[\x00-\x20]", "", text).lower()
                    assert not cleaned.startswith(DANGEROUS_SCHEMES), (path, tag)
                assert name.lower() != "http-equiv", (path, tag)


def test_code_run_by_a_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    marker = tmp_path / "PWNED"
    page = (
        f'{{{{ cycler.__init__.__globals__.os.popen("touch {marker}").read() }}}}\n\n'
        "```{include} other.md\n:parser: myst_parser.docutils_\n```\n"
    )
    srcdir = project(tmp_path, page, {"other.md": "Other.\n"})
    front = "myst:\n  enable_extensions: [substitution]\n"
    text = (
        (srcdir / "index.md").read_text().replace("module: rri-101\n", "module: rri-101\n" + front)
    )
    (srcdir / "index.md").write_text(text)
    outdir, found = both_gates(srcdir, capsys, build)
    assert not marker.exists()
    assert found == [
        "index.md:11: substitution {{ cycler.__init__.__globals__.os.popen(... }} is not a "
        "plain name; not evaluated [rri.unsafe]",
        "index.md:13: include's :parser: option imports a module by name; refused [rri.unsafe]",
        "index.md:5: front matter key 'myst' would change how the page is parsed (MyST "
        "page-level configuration); ignored [rri.unsafe]",
    ]
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "popen" in html  # shown as text, not run
    assert "Other." not in html


def test_script_in_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "<!-- a --><script>alert(1)</script><!-- b -->\n\n"
        "<!-- a --!><img src=x onerror=alert(2)><!-- b -->\n\n"
        "<!--><svg onload=alert(3)><!-- b -->\n\n"
        "<!-- only a comment -->\n\n"
        "Inline <b onmouseover=alert(4)>bold</b> text.\n\n"
        "```{raw} latex\n\\immediate\\write18{touch pwned}\n```\n\n"
        "```{eval-rst}\n"
        "`click <javascript:alert(5)>`_ and evil_\n\n"
        ".. _evil: vbscript:msgbox\n\n"
        ".. image:: picture.png\n   :target: javascript:alert(6)\n"
        "```\n"
    )
    srcdir = project(tmp_path, page, {"picture.png": "not really a picture"})
    outdir, found = both_gates(srcdir, capsys, build)
    raw = (
        "raw {} output is shown as text: pages are only text (rri_trust_pages = False) [rri.unsafe]"
    )
    scheme = (
        "link target scheme '{}' is not in rri_url_schemes (http, https, mailto); "
        "shown as text, not linked"
    )
    assert found == sorted(
        [
            f"index.md:9: {raw.format('html')}",
            f"index.md:11: {raw.format('html')}",
            f"index.md:13: {raw.format('html')}",
            f"index.md:17: {raw.format('html')}",
            f"index.md:19: {raw.format('latex')}",
            f"index.md:24: {scheme.format('javascript')} [rri.unsafe]",
            f"index.md:26: {scheme.format('vbscript')} [rri.unsafe]",
            f"index.md:28: image :target: {scheme.format('javascript')} [rri.unsafe]",
        ]
    )
    assert_harmless_html(outdir)
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)" in html  # shown as text
    assert "only a comment" not in BeautifulSoup(html, "html.parser").get_text()


def test_files_from_outside_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "```{include} ../secret.txt\n```\n\n"
        "```{literalinclude} link.txt\n```\n\n"
        "```{csv-table}\n:file: ../secret.txt\n```\n\n"
        "```{csv-table}\n:url: http://127.0.0.1:9/table.csv\n```\n\n"
        "![picture](../secret.txt)\n\n"
        "{download}`the file <../secret.txt>`\n\n"
        "```{eval-rst}\n.. raw:: html\n   :file: ../secret.txt\n\n"
        ".. figure:: /../secret.txt\n```\n"
    )
    srcdir = project(tmp_path, page)
    (srcdir / "link.txt").symlink_to(tmp_path / "secret.txt")
    outdir, found = both_gates(srcdir, capsys, build)
    outside = "'{}' is outside the source folder (after links); not read [rri.unsafe]"
    assert found == sorted(
        [
            f"index.md:9: include: {outside.format('../secret.txt')}",
            f"index.md:12: literalinclude: {outside.format('link.txt')}",
            f"index.md:15: csv-table :file: {outside.format('../secret.txt')}",
            "index.md:19: csv-table's :url: option fetches a network address; refused [rri.unsafe]",
            f"index.md:23: image: {outside.format('../secret.txt')}",
            f"index.md:25: download: {outside.format('../secret.txt')}",
            f"index.md:28: raw :file: {outside.format('../secret.txt')}",
            f"index.md:31: figure: {outside.format('/../secret.txt')}",
        ]
    )
    assert_no_secret(outdir)
    assert_no_secret(srcdir / "_build")


def test_a_root_document_that_is_a_link_out_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    srcdir = project(tmp_path, "Text.\n")
    (srcdir / "index.md").unlink()
    (tmp_path / "outside.md").write_text(HEAD + SECRET + "\n", encoding="utf-8")
    (srcdir / "index.md").symlink_to(tmp_path / "outside.md")
    outdir, warnings = build(srcdir, "html", warningiserror=False)
    assert_no_secret(outdir)
    assert (
        "index.md:1: WARNING: page is a link to a file outside the source folder; not read"
        in warnings
    )
    capsys.readouterr()
    cli_main(["validate", str(srcdir)])
    assert (
        "index.md:1: error: page is a link to a file outside the source folder"
        in capsys.readouterr().out
    )


def test_readers_redirected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example\n"
        "   :description: fine\n```\n"
    )
    srcdir = project(tmp_path, page)
    text = (
        (srcdir / "index.md")
        .read_text()
        .replace(
            "module: rri-101\n",
            'module: rri-101\nhtml_meta:\n  "http-equiv=refresh": "0; url=https://evil.example"\n',
        )
    )
    (srcdir / "index.md").write_text(text)
    outdir, found = both_gates(srcdir, capsys, build)
    assert found == [
        "index.md:12: meta with http-equiv can redirect readers or set cookies; "
        "refused [rri.unsafe]",
        "index.md:5: front matter key 'html_meta' writes HTML meta tags (it can redirect "
        "readers); ignored [rri.unsafe]",
    ]
    assert_harmless_html(outdir)
    assert "evil.example" not in (outdir / "index.html").read_text(encoding="utf-8")


def test_tex_primitives_in_math(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "Inline $\\input{/etc/passwd}$ math.\n\n"
        "$$\n\\immediate\\write18{touch pwned}\n$$\n\n"
        "```{math}\n\\csname input\\endcsname{x}\n```\n\n"
        "Fine $a^2 + b^2$ math.\n"
    )
    srcdir = project(tmp_path, page)
    _outdir, found = both_gates(srcdir, capsys, build)
    assert [line.split(": ", 1)[0] for line in found] == [
        "index.md:11",
        "index.md:15",
        "index.md:9",
    ]
    assert all("math uses \\" in line for line in found)
    latex, warned = built(srcdir, build, "latex")
    assert warned == found
    tex = next(latex.glob("*.tex")).read_text(encoding="utf-8")
    assert "\\write18" not in tex and "\\input{/etc/passwd}" not in tex
    assert "a^2 + b^2" in tex


def test_trusted_pages_are_built_as_sphinx_builds_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    srcdir = project(tmp_path, "<b>bold</b>\n\n```{include} ../secret.txt\n```\n")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write("rri_trust_pages = True\nrri_allow_raw_html = True\n")
    assert validate(srcdir, capsys) == []
    outdir, warned = built(srcdir, build)
    assert warned == []
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "<b>bold</b>" in html and SECRET in html


def test_an_invalid_task_id_is_never_an_anchor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    import zlib

    page = (
        ':::{task-card} "><img src=x onerror=alert(1)> Card\n'
        ':id: x" onmouseover="alert(2)\n\n'
        "::::{task-description}\nText.\n::::\n:::\n\n"
        ':::{task-card} "<svg onload=alert(3)> Second\n:id: second\n\n'
        "::::{task-description}\nText.\n::::\n:::\n"
    )
    srcdir = project(tmp_path, page)
    capsys.readouterr()
    cli_main(["validate", str(srcdir)])
    out = capsys.readouterr().out
    assert "index.md:9: error: task id" in out and "is not a slug" in out
    outdir, warnings = build(srcdir, "html", warningiserror=False)
    assert "index.md:9: WARNING: task id" in warnings
    assert_harmless_html(outdir)
    inventory = (outdir / "objects.inv").read_bytes()
    body = zlib.decompress(inventory.split(b"\n", 4)[4])
    assert b"onmouseover" not in body
    assert [x for x in body.split(b"\n") if b"rri:task" in x] == [
        x for x in body.split(b"\n") if x.startswith(b"second ")
    ]
    assert b"second" in body  # a valid id is still an entry
    index = (outdir / "rri-index.html").read_text(encoding="utf-8")
    assert "&lt;svg onload=alert(3)&gt; Second" in index
    assert 'id="cap-?"' in index


def test_remote_downloads_and_images(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "{download}`notes <javascript://%0aalert(7)>`\n\n"
        "![remote](http://127.0.0.1:9/picture.png)\n"
    )
    srcdir = project(tmp_path, page)
    outdir, found = both_gates(srcdir, capsys, build)
    assert found == [
        "index.md:9: link target scheme 'javascript' is not in rri_url_schemes (http, https, "
        "mailto); shown as text, not linked [rri.unsafe]"
    ]
    assert_harmless_html(outdir)
    # The LaTeX builder would download the remote image during the build: not here.
    latex, warnings = build(srcdir, "latex", warningiserror=False)
    assert "remote image" not in warnings.lower()
    tex = next(latex.glob("*.tex")).read_text(encoding="utf-8")
    assert "\\sphinxincludegraphics" not in tex and "remote" in tex


def test_links_markdown_drops_raw_roles_and_html_images(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "[a](javascript:alert(1)) <vbscript:msgbox> ![b](data:text/html,x)\n\n"
        "[c][bad]\n\n[bad]: javascript:alert(2)\n\n"
        '<img src="javascript:alert(3)" alt="d">\n\n'
        "```{eval-rst}\n.. role:: x(raw)\n   :format: html latex\n\n"
        ":x:`<script>alert(4)</script>\\input{/etc/passwd}`\n\n"
        ".. role:: y(x)\n\n:y:`<svg onload=alert(5)>`\n```\n"
    )
    srcdir = project(tmp_path, page)
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('myst_enable_extensions.append("html_image")\n')
    outdir, found = both_gates(srcdir, capsys, build)
    assert [line.split(": ", 1)[0] for line in found] == sorted(
        ["index.md:9"] * 3 + ["index.md:11", "index.md:15", "index.md:18"]
    )
    assert_harmless_html(outdir)
    soup = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "<script>alert(4)</script>" in soup.get_text()  # shown as text
    assert soup.find("svg") is None and soup.find("img") is None
    latex, warned = built(srcdir, build, "latex")
    assert warned == found
    tex = next(latex.glob("*.tex")).read_text(encoding="utf-8")
    assert "\\input{/etc/passwd}" not in tex


def test_names_that_reach_tex_and_toctree_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = (
        "$$a = b$$ (x}\\input{/etc/passwd}{)\n\n"
        "```{toctree}\nEvil <javascript://%0aalert(1)>\nother\n```\n\n"
        "```{eval-rst}\n.. tabularcolumns:: |p{\\input{/etc/passwd}}|\n\n"
        "+---+\n| a |\n+---+\n\n"
        ".. image:: a}\\input{/etc/passwd}{.png\n\n"
        "See :eq:`x}\\input{/etc/passwd}{`.\n```\n"
    )
    srcdir = project(tmp_path, page, {"other.md": "# Other\n\nText.\n"})
    outdir, found = both_gates(srcdir, capsys, build)
    assert [line.split(": ", 1)[0] for line in found] == sorted(
        ["index.md:9", "index.md:11", "index.md:17", "index.md:23"]
    )
    # The toctree's link is in no page, nor in any page's navigation.
    assert_harmless_html(outdir)
    assert "Evil" not in (outdir / "other.html").read_text(encoding="utf-8")
    latex, warned = built(srcdir, build, "latex")
    assert [w for w in warned if "rri.unsafe" in w] == found
    tex = next(latex.glob("*.tex")).read_text(encoding="utf-8")
    assert "\\input{/etc/passwd}" not in tex and "javascript" not in tex


def test_code_run_by_directives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    marker = tmp_path / "PWNED"
    page = (
        f'```{{ifconfig}} __import__("os").system("touch {marker}-ifconfig") == 0\nX\n```\n\n'
        "```{automodule} planted\n```\n\n"
        "```{eval-rst}\n.. autosummary::\n   :toctree: generated\n\n   planted\n```\n"
    )
    srcdir = project(tmp_path, page, {"planted.py": f"open({str(marker)!r}, 'w')\n"})
    with (srcdir / "conf.py").open("a") as conf:
        conf.write(
            "import os, sys\nsys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))\n"
            'extensions += ["sphinx.ext.ifconfig", "sphinx.ext.autosummary"]\n'
        )
    _outdir, found = both_gates(srcdir, capsys, build)
    assert [line.split(": ", 1)[0] for line in found] == [
        "index.md:13",
        "index.md:17",
        "index.md:9",
    ]
    assert not list(tmp_path.glob("PWNED*"))
    assert not (srcdir / "generated").exists()


def test_images_sphinx_would_find_by_glob_or_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = "```{image} pics/a.*\n```\n\n![b](pics/b.png)\n"
    srcdir = project(tmp_path, page)
    (srcdir / "pics").mkdir()
    (srcdir / "pics" / "a.png").symlink_to(tmp_path / "secret.txt")
    (srcdir / "pics" / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (srcdir / "pics" / "b.de.png").symlink_to(tmp_path / "secret.txt")
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('language = "de"\n')
    outdir, found = both_gates(srcdir, capsys, build)
    outside = "'{}' is outside the source folder (after links); not read [rri.unsafe]"
    assert found == [
        f"index.md:12: image: {outside.format('pics/b.de.png')}",
        f"index.md:9: image: {outside.format('pics/a.png')}",
    ]
    assert_no_secret(outdir)


def test_markdown_links_to_files_are_downloads_judged_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], build: Callable[..., tuple[Path, str]]
) -> None:
    page = "[a](../secret.txt) [b](link.txt) [c](path:link.txt) [d](evil.html)\n"
    srcdir = project(tmp_path, page, {"evil.html": "<script>alert(1)</script>\n"})
    (srcdir / "link.txt").symlink_to(tmp_path / "secret.txt")
    outdir, found = both_gates(srcdir, capsys, build)
    assert found == [
        "index.md:9: download: '../secret.txt' is outside the source folder (after links); "
        "not read [rri.unsafe]",
        "index.md:9: download: 'evil.html' would be served as a page of the site, where it "
        "can run script; not copied [rri.unsafe]",
        "index.md:9: download: 'link.txt' is outside the source folder (after links); "
        "not read [rri.unsafe]",
    ]
    assert_no_secret(outdir)
    assert not list(outdir.rglob("evil.html"))
