"""Writes that follow links, and the LaTeX run.

The build writes ``rri.json`` and its stylesheet atomically and never through a link
planted in the output folder; an encoding problem never leaves a truncated file. The
LaTeX project runs TeX with shell escape off and files opened only below the output
folder: a real ``latexmk`` run on a ``.tex`` file into which a missed channel put
``\\input`` of an absolute path and ``\\write18`` reads nothing and runs nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_rri.sphinxext.builder import write_atomic

PAGE = "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n\n# T\n\nText and $a^2$.\n"
CONF = 'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n'


def project(tmp_path: Path) -> Path:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.md").write_text(PAGE, encoding="utf-8")
    return srcdir


def test_links_in_the_output_are_replaced_not_followed(
    tmp_path: Path, build: Callable[..., tuple[Path, str]]
) -> None:
    srcdir = project(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    outdir = tmp_path / "out"
    (outdir / "_static").mkdir(parents=True)
    (outdir / "rri.json").symlink_to(victim)
    (outdir / "_static" / "sphinx-rri.css").symlink_to(victim)
    build(srcdir, "html", outdir=outdir)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not (outdir / "rri.json").is_symlink()
    assert json.loads((outdir / "rri.json").read_text(encoding="utf-8"))["schema_version"]
    assert not (outdir / "_static" / "sphinx-rri.css").is_symlink()


def test_a_linked_static_folder_is_not_written_through(
    tmp_path: Path, build: Callable[..., tuple[Path, str]]
) -> None:
    srcdir = project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "_static").symlink_to(elsewhere)
    build(srcdir, "html", outdir=outdir, warningiserror=False)
    assert not (elsewhere / "sphinx-rri.css").exists()


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "rri.json"
    target.write_bytes(b"old")

    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["rri.json"]
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_lone_surrogate_does_not_truncate_rri_json(tmp_path: Path) -> None:
    from sphinx_rri.sphinxext.builder import _json_bytes

    target = tmp_path / "rri.json"
    target.write_bytes(b'{"old": true}')
    write_atomic(target, _json_bytes({"pages": [{"title": "bad \ud800 title"}]}))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["pages"][0]["title"] == "bad \ud800 title"


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="needs TeX Live (.ci/install-tex)")
def test_tex_runs_restricted(tmp_path: Path, build: Callable[..., tuple[Path, str]]) -> None:
    srcdir = project(tmp_path)
    secret = tmp_path / "secret.tex"
    secret.write_text("SECRETTEXFILE", encoding="utf-8")
    marker = tmp_path / "PWNED"
    outdir, _ = build(srcdir, "latex")
    rc = (outdir / "latexmkrc").read_text(encoding="utf-8")
    assert "openin_any" in rc and "-no-shell-escape" in rc
    tex = next(outdir.glob("*.tex"))

    def latexmk() -> None:
        subprocess.run(
            ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name],
            cwd=outdir,
            capture_output=True,
            timeout=240,
            check=False,
        )

    # The restrictions do not stop an ordinary course from building.
    latexmk()
    assert tex.with_suffix(".pdf").is_file()
    tex.with_suffix(".pdf").unlink()
    # Pretend a channel was missed: the .tex file itself asks for a command and for the
    # secret, by its absolute path and by a relative path out of the output folder (one
    # run each: TeX stops at the first file it may not open).
    text = tex.read_text(encoding="utf-8")
    relative = os.path.relpath(secret, outdir)
    for wanted in (str(secret), relative):
        payload = f"\\immediate\\write18{{touch {marker}}}\n\\input{{{wanted}}}\n"
        tex.write_text(text.replace("\\begin{document}", "\\begin{document}\n" + payload, 1))
        latexmk()
        log = tex.with_suffix(".log").read_text(encoding="latin-1")
        assert not marker.exists()
        assert "SECRETTEXFILE" not in log
        # The file exists, but the paranoid openin_any policy opens neither path.
        assert "secret.tex' not found" in log.replace("\n", ""), wanted
        pdf = tex.with_suffix(".pdf")
        assert not pdf.exists() or b"SECRETTEXFILE" not in pdf.read_bytes()
