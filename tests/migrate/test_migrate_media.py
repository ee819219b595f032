"""Videos in a migrated site play as they did: no raw HTML, every file they need copied."""

from __future__ import annotations

from pathlib import Path

from migrate_helpers import sphinx_build
from test_migrate_site import write_site

from sphinx_rri.migrate import migrate_site

CONFIG = "site_name: Field School\nmarkdown_extensions:\n  - md_in_html\n  - admonition\n"


def test_a_video_poster_is_copied_and_found_from_a_folder_address(tmp_path: Path) -> None:
    """sphinxcontrib-video copies a video's file but not its poster; the generated
    conf.py copies the poster with the images and points at it from the page's address
    (one folder deeper in a ``dirhtml`` build)."""
    src = write_site(
        tmp_path / "src",
        {
            "walk/route.md": "# Route\n\n"
            '<video controls src="../media/walk.mp4" poster="../media/walk.jpg"></video>\n',
            "media/walk.mp4": b"\x00",
            "media/walk.jpg": b"\xff\xd8",
        },
        CONFIG,
    )
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False, theme="furo")
    assert [page.status for page in report.pages] == ["ok"]
    assert "video_posters" in (dest / "conf.py").read_text(encoding="utf-8")
    out = tmp_path / "html"
    result = sphinx_build(dest, out, "-W", "-b", "dirhtml")
    assert result.returncode == 0, result.stderr
    html = (out / "walk" / "route" / "index.html").read_text(encoding="utf-8")
    assert 'poster="../../_images/walk.jpg"' in html, html
    assert (out / "_images" / "walk.jpg").read_bytes() == b"\xff\xd8"
    assert (out / "_images" / "walk.mp4").is_file()


def test_a_site_without_videos_gets_no_poster_hook(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {"index.md": "# Home\n\nText.\n"}, CONFIG)
    migrate_site(src, tmp_path / "dest", progress=False, theme="furo")
    assert "video_posters" not in (tmp_path / "dest" / "conf.py").read_text(encoding="utf-8")


def test_media_inside_text_plays_in_the_built_page(tmp_path: Path) -> None:
    """An iframe in a list item and one in a sentence: players in the page, no code."""
    src = write_site(
        tmp_path / "src",
        {
            "index.md": "# Watch\n\n- The first episode:\n\n"
            '    <iframe src="https://www.youtube.com/embed/aBcD3fGh1jK"></iframe>\n\n'
            "- The second: "
            '<iframe src="https://www.youtube.com/embed/zYxW9vUt8sR"></iframe> on the moor.\n\n'
            '!!! note "In a box"\n\n'
            '    Then <iframe src="https://player.vimeo.com/video/123456789"></iframe>.\n'
        },
        CONFIG,
    )
    dest = tmp_path / "dest"
    report = migrate_site(src, dest, progress=False, theme="furo")
    assert [page.status for page in report.pages] == ["ok"], report.pages[0].findings
    out = tmp_path / "html"
    result = sphinx_build(dest, out, "-W")
    assert result.returncode == 0, result.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count("<iframe") == 3 and "&lt;iframe" not in html
    assert "youtube.com/embed/aBcD3fGh1jK" in html and "player.vimeo.com/video/123456789" in html
    assert "on the moor." in html
