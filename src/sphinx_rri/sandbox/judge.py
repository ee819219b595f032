"""The sandbox's answers about directives, front matter, raw output and substitutions."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from .html import html_is_only_comments
from .paths import image_path_problem, path_problem
from .tex import tex_name_problem, tex_problem
from .urls import url_problem, url_scheme

#: What every refused raw block says, whatever its format.
RAW_MESSAGE = "raw {formats} output is shown as text: pages are only text (rri_trust_pages = False)"

#: Front matter keys MyST reads as page-level parser configuration.
PARSER_KEYS = ("myst", "substitutions", "html_meta")

#: Directives that read a file named by their argument (Sphinx's rule: a leading "/" is
#: the source folder).
ARGUMENT_FILES = ("include", "literalinclude", "image", "figure")

#: Directives whose options read a file (docutils' rule: "/" is the file system's root)
#: or fetch a network address.
OPTION_FILES = ("raw", "csv-table")

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def as_uri(text: str) -> str:
    """A URI as docutils reads one from a directive option or argument
    (``directives.uri``), a hyperlink target or an embedded ``<...>``: backslash escapes
    are undone (``java\\script:`` is ``javascript:``), white space is removed
    (``java script:`` is ``javascript:``), and an escaped space or line end is kept as one
    space: the rule of docutils' ``directives.uri``, without importing it."""
    parts: list[str] = []
    current: list[str] = []
    at, end = 0, len(text)
    while at < end:
        char = text[at]
        if char == "\\" and at + 1 == end:
            break  # a backslash that escapes nothing is dropped
        if char == "\\":
            following = text[at + 1]
            if following in " \n":  # an escaped space or line end (docutils splits there)
                parts.append("".join(current))
                current = []
            else:
                current.append(following)
            at += 2
            continue
        current.append(char)
        at += 1
    parts.append("".join(current))
    return " ".join("".join(part.split()) for part in parts)


def raw_problem(formats: str, text: str) -> str | None:
    """Why raw output must be shown as text, or None (empty, or HTML comments only)."""
    if not text.strip():
        return None
    names = formats.split()
    if names and all(n == "html" for n in names) and html_is_only_comments(text):
        return None
    return RAW_MESSAGE.format(formats=" ".join(names) or "(no format)")


def directive_problem(
    name: str,
    argument: str,
    options: Mapping[str, object],
    base_dir: Path,
    srcdir: Path,
    schemes: tuple[str, ...] | list[str],
    language: str | None = None,
) -> str | None:
    """Why a directive must not run as written, or None.

    ``argument`` is its first argument as written, ``options`` its options by name,
    ``base_dir`` the folder of the file it is written in, ``language`` the project's
    (images are looked up in it first).
    """
    if name == "include" and "parser" in options:
        return "include's :parser: option imports a module by name; refused"
    if name in ARGUMENT_FILES and argument:
        target = argument.strip()
        if name in ("image", "figure"):
            target = as_uri(target)
        if name == "include" and target.startswith("<") and target.endswith(">"):
            return standard_include_problem(target)
        if name in ("image", "figure") and url_scheme(target) is not None:
            problem = url_problem(target, schemes)
        elif name in ("image", "figure"):
            problem = image_path_problem(target, base_dir, srcdir, language)
            problem = problem or image_name_problem(target)
        else:
            problem = path_problem(target, base_dir, srcdir)
        if problem:
            return f"{name}: {problem}"
    if name == "literalinclude" and "diff" in options:
        # Sphinx reads the file :diff: names too, and shows its lines in the diff.
        problem = path_problem(str(options["diff"] or "").strip(), base_dir, srcdir)
        if problem:
            return f"literalinclude :diff: {problem}"
    if name in ("image", "figure") and "target" in options:
        problem = url_problem(as_uri(str(options["target"] or "")), schemes)
        if problem:
            return f"{name} :target: {problem}"
    if name == "tabularcolumns":
        return tex_problem(argument, "tabularcolumns")
    if name == "math" and "label" in options:
        return math_label_problem(str(options["label"] or ""))
    if name in OPTION_FILES:
        if "url" in options:
            return f"{name}'s :url: option fetches a network address; refused"
        if "file" in options:
            problem = path_problem(str(options["file"] or ""), base_dir, srcdir, rooted=False)
            if problem:
                return f"{name} :file: {problem}"
    return None


def standard_include_dir() -> Path | None:
    """The folder of docutils' standard include files (``.. include:: <isonum.txt>``),
    found without importing docutils."""
    from importlib.util import find_spec

    spec = find_spec("docutils")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "parsers" / "rst" / "include"


def standard_include_problem(target: str) -> str | None:
    """Why ``.. include:: <name>`` must not be read: docutils joins ``name`` to the
    folder of its standard files (an absolute ``name`` replaces it), so ``<../../x>`` or
    ``</etc/passwd>`` would read any file. Only a regular file inside that folder, once
    every link is followed, is one of docutils' own."""
    folder = standard_include_dir()
    inner = target[1:-1]
    if folder is None or "\x00" in inner:
        return f"{target!r} is not one of docutils' standard include files; not read"
    real = os.path.realpath(folder / inner)
    if not real.startswith(os.path.join(os.path.realpath(folder), "")) or not os.path.isfile(real):
        return f"{target!r} is not one of docutils' standard include files; not read"
    return None


def image_name_problem(target: str) -> str | None:
    """Why an image's file name must not reach the ``.tex`` file: Sphinx writes the
    name of an image it cannot find there as the page wrote it."""
    return tex_name_problem(target, "file name")


def math_label_problem(label: str) -> str | None:
    """Why a math label must not be used: Sphinx writes it into ``\\label{...}``."""
    return tex_name_problem(label, "math label")


def toctree_problem(entry: str, schemes: tuple[str, ...] | list[str]) -> str | None:
    """Why a ``toctree`` entry must not be linked. Sphinx makes an entry that contains
    ``://`` a link to its target (``Title <target>``, or the whole entry), in the
    page and in every page's navigation."""
    if "://" not in entry[1:]:
        return None
    target = entry
    if entry.endswith(">"):
        # Sphinx's explicit title: the target runs from the last "<" to the end.
        start = entry.rfind("<")
        if start >= 1 and entry[start - 1] != "\x00" and entry[:start].strip():
            target = entry[start + 1 : -1]
    return url_problem(target, schemes)


#: A field of the ``meta`` directive: its whole name, which may hold spaces (``:name
#: attribute=value:``) and escaped colons.
_META_FIELD = re.compile(r"\s*:((?:\\.|[^:\\])+):(?=\s|$)")


def meta_fields(lines: list[str]) -> list[str]:
    """The field names of a ``meta`` directive's body, each whole."""
    return [m.group(1) for line in lines if (m := _META_FIELD.match(line))]


def meta_problem(attributes: Mapping[str, object] | list[str]) -> str | None:
    """Why a meta tag must not be written (``http-equiv`` redirects or sets cookies).

    ``attributes`` are a meta node's attribute names, or the field names of a ``meta``
    directive: docutils reads a field name as the tag's ``name`` followed by
    ``attribute=value`` words, and any of those words (the first one too) may set
    ``http-equiv``, in any case."""
    for field in attributes:
        for word in str(field).split():
            if word.split("=", 1)[0].lower().startswith("http-equiv"):
                return "meta with http-equiv can redirect readers or set cookies; refused"
    return None


def frontmatter_problems(keys: list[str] | Mapping[str, object]) -> list[tuple[str, str]]:
    """(key, message) for each front matter key that would change how the page is
    parsed or what its HTML head says."""
    found = []
    for key in keys:
        if key == "html_meta":
            found.append(
                (key, "front matter key 'html_meta' writes HTML meta tags (it can "
                 "redirect readers); ignored")
            )  # fmt: skip
        elif key in PARSER_KEYS:
            found.append(
                (key, f"front matter key {key!r} would change how the page is parsed "
                 f"(MyST page-level configuration); ignored")
            )  # fmt: skip
    return found


def substitution_problem(expression: str) -> str | None:
    """Why a MyST substitution must not be evaluated: only plain names are looked up."""
    if _NAME.fullmatch(expression.strip()):
        return None
    shown = expression.strip()
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"substitution {{{{ {shown} }}}} is not a plain name; not evaluated"


def raw_role_problem(role: str, formats: str, allow_html: bool) -> str | None:
    """Why a role defined on a page with the ``role`` directive must not be based on
    docutils' ``raw`` role (its text would reach the output as markup), or None.

    The build defines such a role as one that shows its text as text, so every use of
    it, on this page or a later one, is harmless; both gates report the definition.
    """
    names = formats.split()
    if allow_html and names == ["html"]:
        return None
    shown = " ".join(names) or "(no format)"
    return f"role {role!r} is based on raw: " + RAW_MESSAGE.format(formats=shown)


#: Directives of well-known extensions that run code or a program on what the page
#: says, by design, with why. A project enables them in ``conf.py``; while pages are
#: sandboxed a page cannot use them (a pull request could add ``evil.py`` and an
#: ``automodule`` of it, or an ``ifconfig`` expression that calls ``os.system``).
CODE_DIRECTIVES: dict[str, str] = {
    **dict.fromkeys(
        (
            "automodule", "autoclass", "autoexception", "autofunction", "autodecorator",
            "automethod", "autoproperty", "autoattribute", "autodata", "autotype",
            "autonewtypedata", "autonewvarattribute", "autosummary",
            "inheritance-diagram", "click", "argparse", "autoprogram",
        ),
        "imports the Python modules the page names",
    ),
    **dict.fromkeys(
        (
            "ifconfig", "doctest", "testcode", "testsetup", "testcleanup", "testoutput",
            "plot", "ipython", "jupyter-execute", "exec_code", "program-output",
            "command-output", "bokeh-plot",
        ),
        "runs the page's code or commands",
    ),
    **dict.fromkeys(
        ("graphviz", "graph", "digraph", "uml"),
        "runs a program that can read files and write links of any scheme",
    ),
}  # fmt: skip


def code_directive_problem(name: str) -> str | None:
    """Why a directive that runs code (see :data:`CODE_DIRECTIVES`) is refused."""
    why = CODE_DIRECTIVES.get(name.lower())
    if why is None:
        return None
    return f"directive '{name.lower()}' {why}; refused (rri_trust_pages = False)"
