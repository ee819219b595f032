"""Configuration values, declared once, and the plain :class:`Settings` the checks read.

Each ``rri_*`` value is declared here with its type, default and help; Sphinx registers
them from this table, ``sphinx-rri validate`` reads them from ``conf.py`` through it, and
the docs list them from it. Nothing here imports Sphinx; the extension registers the
values in :mod:`sphinx_rri.sphinxext.config`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .labels import LABELS

GAP_LEVELS = ("note", "warning", "error")

#: The parts of a task card, as ``rri_required_parts`` and ``rri.json`` name them.
PART_NAMES = ("description", "importance", "examples")


def _string_list(name: str, value: Any) -> str | None:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        return f"{name} must be a list of strings, not {value!r}"
    return None


def _non_empty_string_list(name: str, value: Any) -> str | None:
    problem = _string_list(name, value)
    if problem is None and any(not v.strip() for v in value):
        return f"{name} must not contain empty strings"
    return problem


def _slug_list(name: str, value: Any) -> str | None:
    problem = _string_list(name, value)
    if problem is None:
        bad = [v for v in value if not SLUG.fullmatch(v)]
        if bad:
            return f"{name} must hold slugs ([a-z0-9][a-z0-9-]*); not a slug: {bad[0]!r}"
    return problem


def _patterns(name: str, value: Any) -> str | None:
    problem = _string_list(name, value)
    if problem is None:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as err:
                return f"{name}: {pattern!r} is not a regular expression ({err})"
    return problem


def _gap_level(name: str, value: Any) -> str | None:
    if value not in GAP_LEVELS:
        return f"{name} must be one of {', '.join(map(repr, GAP_LEVELS))}, not {value!r}"
    return None


def _bool(name: str, value: Any) -> str | None:
    return None if isinstance(value, bool) else f"{name} must be True or False, not {value!r}"


def _stages(name: str, value: Any) -> str | None:
    """A list of slugs, or (1.1) a mapping of slug to the title readers see."""
    if isinstance(value, Mapping):
        problem = _slug_list(name, list(value))
        if problem is None:
            for slug, title in value.items():
                if not isinstance(title, str) or not title.strip():
                    return f"{name}: the title of stage {slug!r} must be a non-empty string"
        return problem
    problem = _slug_list(name, value)
    if problem is not None:
        return f"{problem} (or a mapping of slug to title)"
    return None


def _required_parts(name: str, value: Any) -> str | None:
    problem = _string_list(name, value)
    if problem is None:
        bad = [v for v in value if v not in PART_NAMES]
        if bad:
            return (
                f"{name}: {bad[0]!r} is not a part of a task card "
                f"({', '.join(PART_NAMES)}){_hint(bad[0], PART_NAMES)}"
            )
    return problem


def _labels(name: str, value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return f"{name} must be a mapping of label keys to texts, not {value!r}"
    for key, text in value.items():
        if key not in LABELS:
            return f"{name}: {key!r} is not a label key{_hint(str(key), tuple(LABELS))}"
        if not isinstance(text, str) or not text.strip():
            return f"{name}: the text of {key!r} must be a non-empty string"
        wanted, given = LABELS[key].count("%s"), text.count("%s")
        if wanted != given:
            return (
                f"{name}: the text of {key!r} must hold %s {wanted} time"
                f"{'' if wanted == 1 else 's'} (where the extension fills in a value), "
                f"not {given}"
            )
    return None


def _hint(word: str, choices: tuple[str, ...]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _positive_int(name: str, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return f"{name} must be a positive integer, not {value!r}"
    return None


def _optional_positive_int(name: str, value: Any) -> str | None:
    return None if value is None else _positive_int(name, value)


SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")


def _scheme_list(name: str, value: Any) -> str | None:
    problem = _string_list(name, value)
    if problem is None:
        bad = [v for v in value if not SCHEME.fullmatch(v)]
        if bad:
            return f"{name} must hold URL schemes without ':'; not a scheme: {bad[0]!r}"
    return problem


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    help: str
    check: Callable[[str, Any], str | None]
    types: tuple[type, ...]


OPTIONS: tuple[Option, ...] = (
    Option(
        "rri_example_domains",
        ["Health care", "Environmental Sciences"],
        "Domains every illustrative example should cover; a domain with no example is a gap.",
        _non_empty_string_list,
        (list, tuple),
    ),
    Option(
        "rri_stages",
        ["project-design", "model-development", "system-deployment"],
        "Allowed stage slugs for the front matter's ``stage`` and a card's ``:stage:``; or a "
        "mapping of slug to the title readers see (gap report, task index, banners).",
        _stages,
        (list, tuple, dict),
    ),
    Option(
        "rri_placeholder_patterns",
        ["coming soon"],
        "Case-insensitive regular expressions that mark text as a placeholder (a gap).",
        _patterns,
        (list, tuple),
    ),
    Option(
        "rri_gaps",
        "note",
        'How a build reports gaps: "note" (summary only), "warning" or "error".',
        _gap_level,
        (str,),
    ),
    Option(
        "rri_extra_frontmatter_keys",
        [],
        "Front matter keys a project allows beside those of the contract.",
        _string_list,
        (list, tuple),
    ),
    Option(
        "rri_review_interval_days",
        None,
        "Report pages whose ``last_reviewed`` is older than this many days (None: never).",
        _optional_positive_int,
        (int, type(None)),
    ),
    Option(
        "rri_allow_raw_html",
        False,
        "Let raw HTML in pages (HTML blocks, inline HTML, raw directives) into the site; "
        "when False it is shown as text, so a page cannot inject script.",
        _bool,
        (bool,),
    ),
    Option(
        "rri_max_frontmatter_bytes",
        65536,
        "Largest front matter block read, in bytes; a larger one is an error.",
        _positive_int,
        (int,),
    ),
    Option(
        "rri_max_yaml_aliases",
        50,
        "Most YAML aliases allowed in one front matter block (guards against alias bombs).",
        _positive_int,
        (int,),
    ),
    Option(
        "rri_max_yaml_values",
        10_000,
        "Most values one front matter key may stand for once YAML aliases are followed.",
        _positive_int,
        (int,),
    ),
    Option(
        "rri_max_nesting",
        50,
        "Deepest nesting read, in both gates: directives, and also lists, indentation, "
        "emphasis and front matter YAML. A page nested deeper is one error at the line "
        "where the limit is passed, and is not read.",
        _positive_int,
        (int,),
    ),
    Option(
        "rri_max_file_bytes",
        5_000_000,
        "Largest page read by ``sphinx-rri validate``, in bytes.",
        _positive_int,
        (int,),
    ),
    Option(
        "rri_tracks",
        [],
        "Allowed values of the front matter's ``track`` (empty: any slug).",
        _slug_list,
        (list, tuple),
    ),
    Option(
        "rri_modules",
        [],
        "Allowed values of the front matter's ``module`` (empty: any slug).",
        _slug_list,
        (list, tuple),
    ),
    Option(
        "rri_required_parts",
        list(PART_NAMES),
        "Parts every task card must have, of ``description``, ``importance`` and "
        "``examples``; a part left out may be omitted, but when present it must still have "
        "content and appear once.",
        _required_parts,
        (list, tuple),
    ),
    Option(
        "rri_labels",
        {},
        "Replacements for the fixed texts the extension writes, by label key "
        "(``description``, ``importance``, ``examples``, ``example-gap``, "
        "``not-applicable``, ``human-factors``, ``next-steps``, ``choose``, ...), "
        "used in every language.",
        _labels,
        (dict,),
    ),
    Option(
        "rri_show_metadata",
        True,
        "Show each course page's learning objectives (a box near the top), its status "
        "when it is not published (a banner), and its authors and last review date, in "
        "every builder.",
        _bool,
        (bool,),
    ),
    Option(
        "rri_trust_pages",
        False,
        "False: pages are only text (the page sandbox: no raw output, no files from "
        "outside the source folder, no parser changes, no redirects, no TeX primitives); "
        "True: Sphinx's ordinary behaviour, for projects whose pages are all trusted.",
        _bool,
        (bool,),
    ),
    Option(
        "rri_url_schemes",
        ["http", "https", "mailto"],
        "Link and image target schemes pages may use; relative links are always allowed.",
        _scheme_list,
        (list, tuple),
    ),
)

OPTIONS_BY_NAME = {option.name: option for option in OPTIONS}


def config_problems(values: Mapping[str, Any]) -> list[str]:
    """Return one message per configuration value that is not acceptable."""
    return [problem for _name, problem in named_config_problems(values)]


def named_config_problems(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    problems = []
    for option in OPTIONS:
        if option.name in values:
            problem = option.check(option.name, values[option.name])
            if problem:
                problems.append((option.name, problem))
    return problems


@dataclass(frozen=True)
class Settings:
    """The configuration as the checks and readers need it; plain data."""

    example_domains: tuple[str, ...] = ("Health care", "Environmental Sciences")
    stages: tuple[str, ...] = ("project-design", "model-development", "system-deployment")
    placeholder_patterns: tuple[str, ...] = ("coming soon",)
    gaps: str = "note"
    extra_frontmatter_keys: tuple[str, ...] = ()
    allow_raw_html: bool = False
    review_interval_days: int | None = None
    max_frontmatter_bytes: int = 65536
    max_yaml_aliases: int = 50
    max_yaml_values: int = 10_000
    max_nesting: int = 50
    max_file_bytes: int = 5_000_000
    tracks: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    required_parts: tuple[str, ...] = PART_NAMES
    labels: tuple[tuple[str, str], ...] = ()
    """``rri_labels`` as (key, text) pairs, so that settings stay hashable."""
    stage_titles: tuple[tuple[str, str], ...] = ()
    """(slug, title) for each stage ``rri_stages`` gives a title to."""
    show_metadata: bool = True
    trust_pages: bool = False
    url_schemes: tuple[str, ...] = ("http", "https", "mailto")
    myst_url_schemes: tuple[str, ...] = ("http", "https", "mailto", "ftp")
    """The schemes MyST makes links of; a Markdown link with another is a cross-reference."""
    source_suffixes: tuple[str, ...] = (".rst", ".md")
    """The suffixes of documents, in the order Sphinx tries them (``.md`` last unless
    ``source_suffix`` names it: MyST adds it)."""
    exclude_patterns: tuple[str, ...] = field(default=())
    include_patterns: tuple[str, ...] = ("**",)
    asset_paths: tuple[str, ...] = ()
    """``templates_path``, ``html_extra_path`` and ``html_static_path``: an HTML build
    reads no document in them."""
    today: str | None = None
    """ISO date the review check counts from; None means the real date today."""
    language: str = "en"
    """Sphinx's ``language``: docutils also knows its directives by that language's names."""

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Settings:
        """Build settings from ``rri_*`` values (a conf.py namespace or Sphinx config)."""
        kwargs: dict[str, Any] = {}
        for option in OPTIONS:
            value = values.get(option.name, option.default)
            key = option.name.removeprefix("rri_")
            if isinstance(value, Mapping):
                pairs = tuple((str(k), str(v)) for k, v in value.items())
                if key == "stages":
                    kwargs["stage_titles"] = pairs
                    kwargs[key] = tuple(k for k, _ in pairs)
                else:
                    kwargs[key] = tuple(sorted(pairs))
                continue
            kwargs[key] = tuple(value) if isinstance(value, (list, tuple)) else value
        suffixes = values.get("source_suffix", {".rst": "restructuredtext"})
        if isinstance(suffixes, str):
            suffixes = [suffixes]
        # As Sphinx merges them: the project's in its order, then MyST's ".md".
        ordered = [str(s) for s in suffixes]
        kwargs["source_suffixes"] = tuple(ordered + [".md"] * (".md" not in ordered))
        kwargs["exclude_patterns"] = _strings(values.get("exclude_patterns", ()))
        kwargs["include_patterns"] = _strings(values.get("include_patterns", ("**",)))
        kwargs["asset_paths"] = tuple(
            path
            for name in ("templates_path", "html_extra_path", "html_static_path")
            for path in _strings(values.get(name, ()))
        )
        myst_schemes = values.get("myst_url_schemes")
        if isinstance(myst_schemes, (list, tuple, set, dict)):
            kwargs["myst_url_schemes"] = tuple(sorted(str(s) for s in myst_schemes))
        language = values.get("language")
        if isinstance(language, str) and language:
            kwargs["language"] = language
        return cls(**kwargs)

    def stage_title(self, slug: str) -> str:
        """What readers see for a stage: its configured title, else its slug."""
        return dict(self.stage_titles).get(slug, slug)

    @property
    def label_overrides(self) -> dict[str, str]:
        return dict(self.labels)

    @property
    def placeholder_regex(self) -> re.Pattern[str] | None:
        if not self.placeholder_patterns:
            return None
        return re.compile("|".join(f"(?:{p})" for p in self.placeholder_patterns), re.I)


def _strings(value: Any) -> tuple[str, ...]:
    """The strings of a list-valued configuration value (a lone string is one)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(v for v in value if isinstance(v, str))
    return ()
