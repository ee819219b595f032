"""Does math reach TeX's file or shell primitives?

Sphinx writes math to the ``.tex`` file as the page wrote it. TeX can read files
(``\\input``, ``\\openin``, ``\\read``), write them (``\\openout``, ``\\write``, and
``\\write18`` runs a shell command where shell escape is on) and build any control
sequence out of characters (``\\csname``, ``^^`` notation, ``\\catcode``,
``\\scantokens``), which would defeat a list of names. So math is refused when it names
one of these, or uses a construct that can spell one. This narrows the channel; the
LaTeX run itself (shell escape off, files opened only inside the output folder) is what
closes it. Commands that make links or HTML attributes (MathJax's ``\\href``,
``\\class``, ``\\style``, hyperref's ``\\url``) are refused too: MathJax runs in the
reader's browser, where ``\\href{javascript:...}`` would be a link that runs script.
"""

from __future__ import annotations

import re

#: Control sequences that read, write or run something, or that build other control
#: sequences from characters (and so could spell any of the others).
PRIMITIVES = frozenset(
    {
        # reading
        "input", "include", "includeonly", "InputIfFileExists", "IfFileExists",
        "openin", "read", "readline", "endinput", "verbatiminput", "lstinputlisting",
        "inputminted", "includegraphics", "includepdf", "usepackage", "RequirePackage",
        "documentclass", "LoadClass", "pdffiledump", "pdfximage", "pdfobj", "filedump",
        "directlua", "latelua", "luaexec", "openout", "write", "immediate", "special",
        "newwrite", "newread", "pdfshellescape", "ShellEscape", "shellesc",
        # spelling other control sequences
        "csname", "catcode", "scantokens", "uppercase", "lowercase", "expandafter",
        "string", "detokenize", "meaning", "let", "def", "edef", "gdef", "xdef",
        "newcommand", "renewcommand", "providecommand", "DeclareRobustCommand",
        "makeatletter", "endlinechar", "everyeof", "everypar", "everymath",
        "everydisplay", "output",
    }
)  # fmt: skip

#: Families of control sequences refused by their name's shape, so that a list cannot
#: miss a member: every command with ``input`` in its name (``\\VerbatimInput``,
#: ``\\lstinputlisting``, ``\\@input``), and the engines' own extensions, which open
#: files, write PDF objects and actions (a PDF's JavaScript) or run Lua.
_FILE_FAMILIES = ("input",)
_ENGINE_PREFIXES = ("pdf", "lua", "xetex", "write")

#: Commands that make a link or set attributes of the HTML that MathJax writes in the
#: reader's browser (``\\href{javascript:...}``, ``\\class``, ``\\style``,
#: ``\\cssId``, ``\\data``, ``\\mmlToken``'s attributes, ``\\require`` of an
#: extension that does), and hyperref's links in the PDF.
LINK_COMMANDS = frozenset(
    {"href", "url", "nolinkurl", "class", "cssId", "style", "data", "mmlToken", "require",
     "texhtml"}
)  # fmt: skip

_CONTROL = re.compile(r"\\([A-Za-z@]+)")


def tex_problem(tex: str, what: str = "math") -> str | None:
    """Why this math (or another piece of TeX a page writes, named by ``what``) must
    not reach TeX, or None."""
    if "^^" in tex:
        return f"{what} uses TeX's ^^ notation, which can spell any command; not rendered"
    for match in _CONTROL.finditer(tex):
        name = match.group(1)
        folded = name.lower()
        if (
            name in PRIMITIVES
            or any(family in folded for family in _FILE_FAMILIES)
            or folded.lstrip("@").startswith(_ENGINE_PREFIXES)
        ):
            return (
                f"{what} uses \\{name}, which can read or write files or run commands "
                f"in TeX; not rendered"
            )
        if name in LINK_COMMANDS or folded.startswith("hyper"):
            return (
                f"{what} uses \\{name}, which makes links or HTML attributes (in MathJax, "
                f"in the PDF); not rendered"
            )
    return None


#: What lets a name break out of the group Sphinx writes it in and become TeX commands:
#: a backslash, a brace, or ``^^`` (which can spell a backslash).
_TEX_MARKUP = re.compile(r"[\\{}]|\^\^")


def tex_name_problem(name: str, what: str) -> str | None:
    """Why a name a page gives (a math label, an image's file name) must not be written
    into the ``.tex`` file, where Sphinx writes it as it is: it holds a backslash, a
    brace or ``^^``, with which it could close Sphinx's group and write commands."""
    if _TEX_MARKUP.search(name):
        return f"{what} {name!r} holds characters TeX reads as commands; not used"
    return None
