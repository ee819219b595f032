"""Does a file a page names stay inside the source folder, once links are followed?

``include``, ``literalinclude``, ``raw``/``csv-table`` ``:file:``, images, figures and
downloads all name a file. Whatever the syntax, the answer comes from the real path
(:func:`os.path.realpath`, which follows every symbolic link, including those of the
folders on the way): it must lie inside the real source folder, and be a regular file
(not a device, a pipe or a folder). Not judged here: whether the file exists; a
missing file is the build's ordinary error.
"""

from __future__ import annotations

import glob
import os
import stat
from functools import cache
from pathlib import Path


def resolve_target(target: str, base_dir: Path, srcdir: Path, *, rooted: bool = True) -> Path:
    """Where ``target`` points, as the directive that reads it works it out.

    With ``rooted`` (Sphinx's rule for include, literalinclude, images and downloads,
    ``BuildEnvironment.relfn2path``) a path whose first part is the root ``/`` is taken
    from the source folder; any other absolute path stays absolute. POSIX reads a path
    that starts with exactly two slashes (``//etc/passwd``) as absolute with a root of
    its own (``//``), not ``/``, so Sphinx reads that one from the file system's root:
    the answer follows the same parts, never a guess from the leading characters.
    Without ``rooted`` (docutils' ``:file:`` options) an absolute path is absolute.
    """
    path = Path(target)
    if rooted and path.parts[:1] in {("/",), ("\\",)}:
        return srcdir.joinpath(*path.parts[1:])
    return base_dir / path


def path_problem(target: str, base_dir: Path, srcdir: Path, *, rooted: bool = True) -> str | None:
    """Why the file ``target`` (as a page wrote it) must not be read, or None."""
    if "\x00" in target:
        return f"{target!r} is not a file name; not read"
    path = resolve_target(target, base_dir, srcdir, rooted=rooted)
    try:
        real = os.path.realpath(path)
        root = os.path.join(os.path.realpath(srcdir), "")
    except (OSError, ValueError, RuntimeError):
        return f"{target!r} cannot be resolved; not read"
    if not real.startswith(root):
        return f"{target!r} is outside the source folder (after links); not read"
    try:
        status = os.stat(real)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return f"{target!r} cannot be read; not read"
    if not stat.S_ISREG(status.st_mode):
        return f"{target!r} is not a regular file; not read"
    return None


def image_path_problem(
    target: str, base_dir: Path, srcdir: Path, language: str | None = None
) -> str | None:
    """Why an image (as a page names it) must not be read, or None.

    Sphinx does not read only the file named: it reads what the name matches as a glob
    pattern (``pics/a.*``, ``pics/[ab].png``), and first the translated variant of the
    name (``pics/a.de.png`` for ``language = "de"``, Sphinx's default
    ``figure_language_filename``). Each of those is judged like the name itself.
    """
    problem = path_problem(target, base_dir, srcdir)
    if problem:
        return problem
    written = [target]
    if language and not target.endswith(os.extsep + "*"):
        root, ext = os.path.splitext(target)
        written.insert(0, f"{root}.{language}{ext}")
    for name in written:
        pattern = str(resolve_target(name, base_dir, srcdir))
        try:
            found = sorted(glob.glob(pattern))
        except (OSError, ValueError, RecursionError):
            return f"{name!r} cannot be resolved; not read"
        for match in found:
            shown = os.path.relpath(match, base_dir)
            problem = path_problem(shown, base_dir, srcdir) or active_image_problem(
                Path(match), shown
            )
            if problem is None and not name.endswith(os.extsep + "*"):
                # Sphinx copies a file named without ".*" whatever its type (with ".*"
                # it takes only image types): it must be one served as an image.
                problem = foreign_image_problem(Path(match), shown)
            if problem:
                return problem
    return None


#: File types a site serves as images (or documents a browser shows without running
#: script): an image of any other type is not copied into the site, where it would be
#: served as whatever its name says (``evil.html`` as a page of the site).
IMAGE_SUFFIXES = frozenset(
    {".png", ".apng", ".jpg", ".jpeg", ".jpe", ".jfif", ".pjpeg", ".pjp", ".gif", ".webp",
     ".avif", ".jxl", ".bmp", ".ico", ".cur", ".tif", ".tiff", ".heic", ".heif", ".pdf",
     ".eps", ".ps", ".svg"}
)  # fmt: skip


def foreign_image_problem(path: Path, shown: str) -> str | None:
    """Why a file named as an image must not be copied: its type is not an image's."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return None
    return f"{shown!r} is not an image file type; not copied"


#: File types a browser runs script from when the site serves them as pages of its own.
ACTIVE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz", ".xml", ".xsl",
     ".xslt", ".js", ".mjs", ".swf"}
)  # fmt: skip

#: SVG elements that run script, embed other documents or change links.
_SVG_ACTIVE = frozenset(
    {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener",
     "set", "animate"}
)  # fmt: skip


#: More XML formats a browser opens as documents, where elements in the XHTML namespace
#: run script (feeds, MathML, XUL, map formats, schemas), and web archives.
_XML_DOCUMENT_SUFFIXES = frozenset(
    {".rss", ".atom", ".mml", ".xul", ".xbl", ".kml", ".gpx", ".xsd", ".wsdl", ".rdf",
     ".xpdl", ".mht", ".mhtml", ".svgz", ".xhtm"}
)  # fmt: skip


def _served_as_document(suffix: str) -> bool:
    """Whether a web server would serve a file of this type as a document a browser runs
    script in: the suffixes above, and any that Python's own table of types (not the
    machine's, so every machine answers alike) gives an HTML, XML or script type."""
    if suffix in ACTIVE_SUFFIXES or suffix in _XML_DOCUMENT_SUFFIXES:
        return True
    kind = _python_types().get(suffix, "")
    return "html" in kind or "xml" in kind or "script" in kind


@cache
def _python_types() -> dict[str, str]:
    import mimetypes

    return dict(mimetypes.MimeTypes().types_map[1])


def active_download_problem(target: str) -> str | None:
    """Why a download must not be copied into the site: a page of its own there (HTML,
    SVG, XML, script) would run script from the site's address."""
    suffix = os.path.splitext(target.split("#", 1)[0])[1].lower()
    if _served_as_document(suffix):
        return (
            f"{target!r} would be served as a page of the site, where it can run script; not copied"
        )
    return None


def active_image_problem(path: Path, shown: str) -> str | None:
    """Why an SVG image must not be copied into the site: served at its own address, an
    SVG runs its script. One with scripts, event handlers, embedded documents,
    animations of attributes, entity declarations or links that are not relative or
    web addresses is refused (``shown`` names it in the message)."""
    suffix = path.suffix.lower()
    if suffix == ".svgz":
        return f"{shown!r} is a compressed SVG, which cannot be checked; not copied"
    if suffix != ".svg":
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    problem = _svg_problem(data)
    return f"{shown!r} {problem}; not copied" if problem else None


def _svg_problem(data: bytes) -> str | None:
    import xml.etree.ElementTree as ElementTree

    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        return "declares entities or a document type"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return "is not well-formed XML"
    from .urls import url_scheme

    for element in root.iter():
        name = str(element.tag).rpartition("}")[2].lower()
        if name in _SVG_ACTIVE:
            return f"has a <{name}> element"
        for attribute, value in element.attrib.items():
            local = attribute.rpartition("}")[2].lower()
            if local.startswith("on"):
                return f"has an event handler ({local})"
            if local in ("href", "src") and url_scheme(value) not in (None, "http", "https"):
                return f"links to {value[:40]!r}"
        text = element.text or ""
        if name == "style" and ("@import" in text or "url(" in text):
            return "has a stylesheet that loads other files"
    return None
