"""The page sandbox's judgements, shared by both gates (no Sphinx, no docutils here).

While ``rri_trust_pages`` is ``False`` a page can only be text. Each function here
decides one question the build and ``sphinx-rri validate`` both ask, and returns the
message both give (an ``rri.unsafe`` error), or ``None`` when the thing is harmless:

- :func:`html_is_only_comments`: is this HTML nothing but comments (a real tokenizer);
- :func:`url_problem`: may this link or image target be linked (``rri_url_schemes``;
  relative links always);
- :func:`path_problem`: does a file a page names stay inside the source folder once
  every link is followed, and is it a regular file;
- :func:`tex_problem`: does math (or a ``tabularcolumns`` spec) reach TeX's file or
  shell primitives; :func:`tex_name_problem`: could a name Sphinx writes into the
  ``.tex`` file as it is (a math label, a missing image's file name) write commands;
- :func:`toctree_problem`: may a ``toctree`` entry that is a URL be linked;
- :func:`directive_problem`: the options of ``include``, ``literalinclude``, ``raw``,
  ``csv-table``, ``image``, ``figure`` and ``meta`` that fetch, import or redirect;
- :func:`frontmatter_problems`: front matter that would change how the page is parsed;
- :func:`substitution_problem`: a MyST substitution that is more than a plain name;
- :func:`code_directive_problem`: the directives of well-known extensions that run code
  or a program on the page's text (autodoc, ifconfig, doctest, graphviz, ...);
- :func:`raw_role_problem`: a role a page defines on top of docutils' ``raw`` role;
- :func:`markdown_refuses`, :func:`permit_links`, :func:`myst_link_uri`: which Markdown
  links markdown-it would silently drop, and which ones MyST writes as URLs.
"""

from __future__ import annotations

from .html import html_is_only_comments
from .judge import (
    CODE_DIRECTIVES,
    RAW_MESSAGE,
    code_directive_problem,
    directive_problem,
    frontmatter_problems,
    image_name_problem,
    math_label_problem,
    meta_fields,
    meta_problem,
    raw_problem,
    raw_role_problem,
    standard_include_problem,
    substitution_problem,
    toctree_problem,
)
from .markdown import markdown_refuses, myst_link_kind, myst_link_uri, permit_links
from .paths import (
    ACTIVE_SUFFIXES,
    active_download_problem,
    active_image_problem,
    image_path_problem,
    path_problem,
)
from .tex import tex_name_problem, tex_problem
from .urls import DEFAULT_SCHEMES, url_problem, url_scheme

__all__ = [
    "ACTIVE_SUFFIXES",
    "CODE_DIRECTIVES",
    "DEFAULT_SCHEMES",
    "RAW_MESSAGE",
    "active_download_problem",
    "active_image_problem",
    "code_directive_problem",
    "directive_problem",
    "frontmatter_problems",
    "html_is_only_comments",
    "image_name_problem",
    "image_path_problem",
    "markdown_refuses",
    "math_label_problem",
    "meta_fields",
    "meta_problem",
    "myst_link_kind",
    "myst_link_uri",
    "path_problem",
    "permit_links",
    "raw_problem",
    "raw_role_problem",
    "standard_include_problem",
    "substitution_problem",
    "tex_name_problem",
    "tex_problem",
    "toctree_problem",
    "url_problem",
    "url_scheme",
]
