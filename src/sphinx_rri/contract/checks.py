"""One set of checks, run on the course model by the build and by ``sphinx-rri validate``.

Rules about a single record (a front matter block, a card, an example, a step, a box)
are the JSON schemas in ``schemas/``: a record is turned into a small JSON instance and
validated, and each schema error becomes a :class:`Diagnostic` whose message comes from
the schema's ``x-messages`` and whose line is the record's. Rules that need more than one
record (duplicate ids, links between pages, coverage of the configured domains, gaps) are
written here in Python. Nothing here imports Sphinx.
"""

from __future__ import annotations

import datetime
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from ..model.diagnostics import Diagnostic, Fix, Subtype, sort_key
from ..model.records import (
    COMING_SOON,
    NOT_APPLICABLE,
    Callout,
    Course,
    Example,
    ExampleSet,
    NextSteps,
    Page,
    Task,
    plain_value,
    resolve_docname,
)
from .config import PART_NAMES, Settings
from .schemas import (
    TOOL_KEYS,
    closest,
    inline_refs,
    known_frontmatter_keys,
    load_schema,
    walk_schema_path,
)

if TYPE_CHECKING:
    # jsonschema is imported only to explain an invalid record (see _fast_validator).
    from jsonschema import Draft202012Validator, ValidationError

#: Which keyword's message wins when one value breaks several rules.
_KEYWORD_ORDER = ("type", "minLength", "required", "const", "anyOf", "not", "enum", "pattern")


@lru_cache(maxsize=16)
def _schema(name: str, settings: Settings) -> dict[str, Any]:
    schema = load_schema(
        name,
        stages=settings.stages,
        domains=settings.example_domains,
        extra_keys=(*settings.extra_frontmatter_keys, *TOOL_KEYS),
        tracks=settings.tracks,
        modules=settings.modules,
    )
    return inline_refs(schema)


@lru_cache(maxsize=16)
def _validator(name: str, settings: Settings) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(_schema(name, settings), format_checker=FormatChecker())


@lru_cache(maxsize=16)
def _fast_validator(name: str, settings: Settings) -> Any:
    """A compiled validator (jsonschema-rs) for the same schema, or None without it.

    It only answers "is this record valid?": a valid record, the common case, costs a
    fraction of what jsonschema takes, and an invalid one is handed to jsonschema, whose
    errors carry the schema paths the messages come from. ``tests/test_schema_engines.py``
    checks that both give the same verdicts."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - an optional speed-up
        return None
    try:
        return jsonschema_rs.Draft202012Validator(_schema(name, settings), validate_formats=True)
    except Exception:  # pragma: no cover - a schema it cannot compile: use jsonschema alone
        return None


def _fast_says_valid(fast: Any, instance: Any) -> bool:
    """True when the compiled validator calls ``instance`` valid; False when it does not,
    or cannot read it (text that is not Unicode, a lone surrogate from a YAML escape):
    jsonschema, which reads any Python string, then judges it."""
    if fast is None:
        return False
    try:
        return bool(fast.is_valid(instance))
    except (UnicodeError, ValueError, TypeError, OverflowError):
        return False


def warm_up(settings: Settings) -> None:
    """Build every validator now (see :func:`sphinx_rri.reader.project.scan_project`).
    jsonschema's own are built here only without the compiled ones: with them, it only
    words the messages of invalid records, which most courses have none of (importing
    it costs more than the compiled validators), and is built where one is met."""
    for name in SCHEMA_NAMES:
        if _fast_validator(name, settings) is None:
            _validator(name, settings)


#: The schemas that records are validated against.
SCHEMA_NAMES = ("frontmatter", "task", "example", "next-steps", "callout")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "\\'") + "'"
    if value is None:
        return "nothing"
    return json.dumps(plain_value(value), ensure_ascii=False, default=str)


def _is_property_name_error(error: ValidationError) -> bool:
    return "propertyNames" in error.absolute_schema_path


def _schema_errors(
    name: str, instance: dict[str, Any], settings: Settings
) -> list[tuple[ValidationError, dict[str, Any]]]:
    """Schema errors, one per instance path, each with the message and subtype it carries.

    Records that differ only in their line (the examples of one domain, most callouts)
    are judged once: the result is remembered under the instance's JSON text with the
    line left out. No schema reads the line beyond its type, which is always right."""
    if "line" in instance:
        instance = {**instance, "line": 0}
    key = json.dumps(instance, ensure_ascii=False)
    return _schema_errors_of(name, key, settings)


@lru_cache(maxsize=4096)
def _schema_errors_of(
    name: str, key: str, settings: Settings
) -> list[tuple[ValidationError, dict[str, Any]]]:
    instance = json.loads(key)
    if _fast_says_valid(_fast_validator(name, settings), instance):
        return []
    validator = _validator(name, settings)
    by_path: dict[tuple[Any, ...], list[ValidationError]] = defaultdict(list)
    for error in validator.iter_errors(instance):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            path = (*path, error.message)  # one message per missing key
        if _is_property_name_error(error):
            path = (*path, str(error.instance))  # one message per unknown name
        by_path[path].append(error)
    chosen = []
    for path in sorted(by_path, key=lambda p: [str(s) for s in p]):
        errors = sorted(
            by_path[path],
            key=lambda e: (
                _KEYWORD_ORDER.index(str(e.validator))
                if e.validator in _KEYWORD_ORDER
                else len(_KEYWORD_ORDER)
            ),
        )
        error = errors[0]
        annotations: dict[str, Any] = {}
        for sub in walk_schema_path(
            cast(dict[str, Any], validator.schema), iter(error.absolute_schema_path)
        ):
            messages = sub.get("x-messages", {})
            message = messages.get(str(error.validator)) or messages.get("*")
            if message:
                annotations["message"] = message
            if "x-subtype" in sub:
                annotations["subtype"] = sub["x-subtype"]
            if "x-part" in sub:
                annotations["part"] = sub["x-part"]
        chosen.append((error, annotations))
    return chosen


def _from_schema(
    page: Page,
    name: str,
    instance: dict[str, Any],
    line: int,
    subtype: Subtype,
    settings: Settings,
    context: dict[str, Any],
    key_lines: dict[str, int] | None = None,
    source: str = "",
) -> list[Diagnostic]:
    found = []
    for error, notes in _schema_errors(name, instance, settings):
        path = list(error.absolute_path)
        key = str(path[-1]) if path else ""
        if error.validator == "required":
            named = re.match(r"^'(.+)' is a required property", error.message)
            key = named.group(1) if named else key
        value = error.instance
        if _is_property_name_error(error):
            key = str(error.instance)
        allowed = (error.schema.get("enum") if isinstance(error.schema, dict) else None) or []
        # The name or value meant, for a near miss of an allowed one: an option name, a
        # stage, a status, a domain, a front matter key.
        misspelt = value if isinstance(value, str) and allowed else None
        meant = closest(misspelt, [str(a) for a in allowed]) if misspelt is not None else None
        if name == "frontmatter" and error.validator == "not" and path:
            misspelt = key
            meant = closest(key, known_frontmatter_keys(settings.extra_frontmatter_keys))
        hint = f" (did you mean '{meant}'?)" if meant is not None else ""
        fields = {
            **context,
            "key": key,
            "missing": key,
            "value": _show(value),
            "allowed": ", ".join(map(str, allowed)),
            "hint": hint,
            "part": notes.get("part", ""),
            "count": len(value) if isinstance(value, list) else "",
        }
        template = notes.get("message") or f"{error.message}"
        message = template.format(**fields)
        if hint and "{hint}" not in template:
            message += hint
        where = line
        fix = None
        if key_lines and path and str(path[0]) in key_lines:
            where = key_lines[str(path[0])]
            if meant is not None and misspelt is not None and len(path) == 1:
                # A key or a scalar value on the key's own line: a plain replacement.
                fix = Fix(where, misspelt, meant, f"Change '{misspelt}' to '{meant}'")
        found.append(
            Diagnostic(
                page.docname,
                where,
                Subtype(notes.get("subtype", subtype.value)),
                message,
                source or page.source,
                fix=fix,
            )
        )
    return found


# -- per record ---------------------------------------------------------------------------


def check_frontmatter(page: Page, settings: Settings) -> list[Diagnostic]:
    if not page.is_course_page:
        return []
    instance = plain_value(page.meta)
    return _from_schema(
        page,
        "frontmatter",
        instance,
        page.meta_line,
        Subtype.FRONTMATTER,
        settings,
        {},
        key_lines=page.meta_lines,
    )


def task_instance(
    task: Task, page: Page, required_parts: tuple[str, ...] = PART_NAMES
) -> dict[str, Any]:
    """The card as the task schema reads it; a part that is not required and not there
    is left out, so that only the parts a card has or must have are judged."""
    instance: dict[str, Any] = {
        "line": task.line,
        "title": task.title,
        "options": dict(task.options),
    }
    if task.id:  # a card with neither title nor :id: has no id to judge
        instance["id"] = task.id
    stage = task.options.get("stage")
    if stage is not None:
        instance["stage"] = stage.strip()
    if task.domains is not None:
        instance["domains"] = task.domains
    for kind in PART_NAMES:
        parts = task.parts_of(kind)
        if parts or kind in required_parts:
            instance[kind] = [{"has_content": part.has_content} for part in parts]
    return instance


def check_task(task: Task, page: Page, settings: Settings) -> list[Diagnostic]:
    return _from_schema(
        page,
        "task",
        task_instance(task, page, settings.required_parts),
        task.line,
        Subtype.TASK,
        settings,
        {"title": task.title or task.id or "(untitled)"},
        source=task.source,
    )


def check_example(example: Example, page: Page, settings: Settings) -> list[Diagnostic]:
    instance: dict[str, Any] = {
        "line": example.line,
        "domain": example.domain,
        "options": dict(example.options),
    }
    if example.status is not None:
        instance["status"] = example.status.strip()
    return _from_schema(
        page,
        "example",
        instance,
        example.line,
        Subtype.EXAMPLE,
        settings,
        {"domain": example.domain},
        source=example.source,
    )


def _choose_value(raw: str | None) -> Any:
    if raw is None:
        return None
    text = raw.strip()
    return int(text) if text.isdigit() else text


def check_next_steps(block: NextSteps, page: Page, settings: Settings) -> list[Diagnostic]:
    instance: dict[str, Any] = {"line": block.line, "options": dict(block.options), "steps": []}
    choose = _choose_value(block.options.get("choose"))
    if choose is not None:
        instance["choose"] = choose
    found = _from_schema(
        page,
        "next-steps",
        instance,
        block.line,
        Subtype.NEXT_STEPS,
        settings,
        {},
        source=block.source,
    )
    for step in block.steps:
        step_instance: dict[str, Any] = {
            "line": step.line,
            "title": step.title,
            "options": dict(step.options),
        }
        if step.doc is not None:
            step_instance["doc"] = step.doc
        if step.status is not None:
            step_instance["status"] = step.status.strip()
        wrapper = {"line": block.line, "steps": [step_instance]}
        found += _from_schema(
            page,
            "next-steps",
            wrapper,
            step.line,
            Subtype.NEXT_STEPS,
            settings,
            {"title": step.title},
            source=step.source,
        )
    return found


def check_callout(box: Callout, page: Page, settings: Settings) -> list[Diagnostic]:
    instance = {
        "line": box.line,
        "directive": box.name,
        "title": box.argument.strip(),
        "has_body": box.has_body,
        "options": dict(box.options),
    }
    return _from_schema(
        page,
        "callout",
        instance,
        box.line,
        Subtype.CALLOUT,
        settings,
        {"directive": box.name},
        source=box.source,
    )


# -- rules across records -----------------------------------------------------------------


def expected_domains(page: Page, task: Task | None, settings: Settings) -> tuple[str, ...]:
    """The domains an illustrative example is expected to cover, in configured order.

    A card's ``:domains:`` wins over the page's ``domains``, which wins over
    ``rri_example_domains``. Names that are not configured are errors of their own and
    are left out here; a list with none left falls back to the next level."""
    configured = settings.example_domains
    for named in (task.domains if task is not None else None, page.meta.get("domains")):
        if isinstance(named, list) and all(isinstance(n, str) for n in named):
            chosen = {n.strip() for n in named}
            narrowed = tuple(d for d in configured if d in chosen)
            if narrowed:
                return narrowed
    return configured


def page_domains(page: Page, settings: Settings) -> tuple[str, ...]:
    """The domains this page's cards are expected to cover unless a card says otherwise."""
    return expected_domains(page, None, settings)


def is_not_applicable(example: Example) -> bool:
    return example.status is not None and example.status.strip() == NOT_APPLICABLE


def example_gap(example: Example, settings: Settings) -> str | None:
    """Why an example is a gap, or None when it is written or does not apply."""
    if is_not_applicable(example):
        return None
    if example.status is not None and example.status.strip() == COMING_SOON:
        return "is marked coming soon"
    if not example.has_body:
        return "is empty"
    pattern = settings.placeholder_regex
    if pattern is not None and pattern.search(example.body):
        return "is a placeholder"
    return None


def check_example_set(
    examples: ExampleSet, page: Page, settings: Settings, owner: str, task: Task | None = None
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if examples.stray_content:
        found.append(
            Diagnostic(
                page.docname,
                examples.line,
                Subtype.EXAMPLE,
                f"illustrative-example{owner} may hold only example directives",
                examples.source or page.source,
            )
        )
    seen: dict[str, int] = {}
    for example in examples.examples:
        found += check_example(example, page, settings)
        domain = example.domain
        if domain in seen:
            found.append(
                Diagnostic(
                    page.docname,
                    example.line,
                    Subtype.DUPLICATE,
                    f"second example for '{domain}'{owner} (the first is at line {seen[domain]})",
                    example.source or page.source,
                )
            )
            continue
        if domain:
            seen[domain] = example.line
        reason = example_gap(example, settings)
        if reason:
            found.append(
                Diagnostic(
                    page.docname,
                    example.line,
                    Subtype.GAP,
                    f"example for '{domain or '?'}'{owner} {reason}",
                    example.source or page.source,
                )
            )
    for domain in expected_domains(page, task, settings):
        if domain not in seen:
            found.append(
                Diagnostic(
                    page.docname,
                    examples.line,
                    Subtype.GAP,
                    f"missing example for {domain}{owner}",
                    examples.source or page.source,
                )
            )
    return found


def _nesting(page: Page) -> list[Diagnostic]:
    from ..model.records import REQUIRED_PARENT

    found = []
    for item in page.misplaced:
        where = f"inside {item.parent}" if item.parent else "on its own"
        found.append(
            Diagnostic(
                page.docname,
                item.line,
                Subtype.NESTING,
                f"{item.name} must be inside {REQUIRED_PARENT[item.name]}, not {where}",
                item.source or page.source,
            )
        )
    return found


def check_page(page: Page, settings: Settings) -> list[Diagnostic]:
    """Every rule that needs only this page."""
    found = list(page.reader_problems)
    if not page.is_course_page:
        return found
    if not any(d.subtype in (Subtype.FRONTMATTER, Subtype.LIMIT) for d in page.reader_problems):
        found += check_frontmatter(page, settings)
    found += _nesting(page)
    for task in page.tasks:
        found += check_task(task, page, settings)
        for examples in task.example_sets:
            found += check_example_set(
                examples, page, settings, f" in '{task.title or task.id}'", task
            )
    for examples in page.example_sets:
        found += check_example_set(examples, page, settings, "")
    for block in page.next_steps:
        found += check_next_steps(block, page, settings)
        found += _steps_in_block(block, page)
    for box in page.callouts:
        found += check_callout(box, page, settings)
    for line, text in page.placeholders:
        found.append(
            Diagnostic(
                page.docname, line, Subtype.GAP, f"placeholder text: {text.strip()!r}", page.source
            )
        )
    if page.fence_slips:
        found = _without_fence_symptoms(page, found)
    return found


#: What a colon fence that MyST ends early makes the checks say about the lines it
#: holds: symptoms of the one error at the fence (``reader/fences.py``). Parts and
#: examples outside their parent, missing, empty or repeated; gaps. Findings about what
#: is written (an id, an option's value, a link) are not symptoms and stay.
_FENCE_SYMPTOMS = frozenset({Subtype.NESTING, Subtype.GAP})
_FENCE_SYMPTOM_WORDS = re.compile(
    r"has (?:no|an empty|\d+) (?:task-description|task-importance|illustrative-example)\b"
    r"|may hold only example directives|^second example for |box is empty"
    r"|^next-steps asks to choose "
)


def _without_fence_symptoms(page: Page, found: list[Diagnostic]) -> list[Diagnostic]:
    said = set(page.reader_problems)

    def symptom(diag: Diagnostic) -> bool:
        return (
            diag not in said
            and (diag.subtype in _FENCE_SYMPTOMS or bool(_FENCE_SYMPTOM_WORDS.search(diag.message)))
            and (diag.source or page.source) == page.source
            and any(start <= diag.line <= end for start, end in page.fence_slips)
        )

    return [d for d in found if not symptom(d)]


def _steps_in_block(block: NextSteps, page: Page) -> list[Diagnostic]:
    found = []
    seen: dict[str, int] = {}
    available: set[str] = set()
    for step in block.steps:
        status = (step.status or "").strip()
        if status == COMING_SOON and step.doc is None:
            found.append(
                Diagnostic(
                    page.docname,
                    step.line,
                    Subtype.GAP,
                    f"step '{step.title}' is marked coming soon",
                    step.source or page.source,
                )
            )
        if step.doc:
            target = resolve_docname(page.docname, step.doc)
            if target in seen:
                found.append(
                    Diagnostic(
                        page.docname,
                        step.line,
                        Subtype.DUPLICATE,
                        f"step '{step.title}' links to '{step.doc}', as the step at line "
                        f"{seen[target]} does",
                        step.source or page.source,
                    )
                )
            else:
                seen[target] = step.line
            if not status:
                available.add(target)
    choose = _choose_value(block.options.get("choose"))
    if isinstance(choose, int) and choose > len(available):
        found.append(
            Diagnostic(
                page.docname,
                block.line,
                Subtype.NEXT_STEPS,
                f"next-steps asks to choose {choose} but only {len(available)} "
                f"step{'s are' if len(available) != 1 else ' is'} available",
                block.source or page.source,
            )
        )
    return found


class Hints:
    """ "Did you mean" hints for names that must exist in the project (task ids,
    documents), where the candidates grow with the project.

    Each distinct name is looked up once, and only the first :data:`MAX_HINTS` distinct
    names get a hint: a project of thousands of broken links costs a bounded number of
    comparisons, not links times ids. The course is checked in one order in both gates,
    so they give the same hints."""

    MAX_HINTS = 200

    def __init__(self, candidates: Iterable[str]) -> None:
        self.candidates = sorted(candidates)
        self.found: dict[str, str | None] = {}

    def __call__(self, name: str) -> str | None:
        if name not in self.found:
            within = len(self.found) < self.MAX_HINTS
            self.found[name] = closest(name, self.candidates) if within else None
        return self.found[name]


def _as_written(target: str, written: str, current: str) -> str:
    """A docname as the author would write it where ``written`` was written."""
    if written.strip().startswith("/"):
        return "/" + target
    return posixpath.relpath(target, posixpath.dirname(current) or ".")


def check_links(
    page: Page,
    course: Course,
    task_ids: set[str],
    task_hints: Hints | None = None,
    doc_hints: Hints | None = None,
) -> list[Diagnostic]:
    """Rules that need the whole project: documents and task ids that must exist."""
    found = []
    task_hints = task_hints or Hints(task_ids)
    doc_hints = doc_hints or Hints(course.docnames)
    for block in page.next_steps:
        for step in block.steps:
            if step.doc and step.status is None:
                target = resolve_docname(page.docname, step.doc)
                if target not in course.docnames:
                    meant = doc_hints(target)
                    hint = (
                        f" (did you mean '{_as_written(meant, step.doc, page.docname)}'?)"
                        if meant is not None
                        else ""
                    )
                    found.append(
                        Diagnostic(
                            page.docname,
                            step.line,
                            Subtype.REF,
                            f"step '{step.title}' links to '{step.doc}', which is not a "
                            f"document of this project{hint}",
                            step.source or page.source,
                        )
                    )
                elif target in course.pages and course.pages[target].meta.get("status") in (
                    "deprecated",
                    "retired",
                ):
                    status = course.pages[target].meta["status"]
                    found.append(
                        Diagnostic(
                            page.docname,
                            step.line,
                            Subtype.LIFECYCLE,
                            f"step '{step.title}' links to '{target}', which is {status}",
                            step.source or page.source,
                        )
                    )
    for ref in page.task_refs:
        if ref.target not in task_ids:
            meant = task_hints(ref.target)
            hint = f" (did you mean '{meant}'?)" if meant is not None else ""
            fix = None
            if meant is not None:
                title = f"Change '{ref.target}' to '{meant}'"
                fix = Fix(ref.line, f"`{ref.target}`", f"`{meant}`", title)
            found.append(
                Diagnostic(
                    page.docname,
                    ref.line,
                    Subtype.REF,
                    f"unknown task id '{ref.target}'{hint}",
                    ref.source or page.source,
                    fix=fix,
                )
            )
    return found


#: How many other places a duplicate-id message names before "and N more".
SHOWN_PLACES = 3


def _duplicate_ids(course: Course) -> list[Diagnostic]:
    places: dict[str, list[tuple[Page, Task]]] = defaultdict(list)
    for page, task in course.tasks():
        task_id = task.id  # a property: the slug of the title, worked out each time
        if task_id:
            places[task_id].append((page, task))
    found = []
    for task_id, where in places.items():
        if len(where) < 2:
            continue
        places_of = [f"{t.source or other.source}:{t.line}" for other, t in where]
        for index, (page, task) in enumerate(where):
            # At most a few of the other places, so that n copies of one id cost n
            # messages of bounded length rather than n * n places.
            shown = [p for i, p in enumerate(places_of[: SHOWN_PLACES + 1]) if i != index]
            shown = shown[:SHOWN_PLACES]
            others = ", ".join(shown)
            hidden = len(where) - 1 - len(shown)
            if hidden:
                others += f" and {hidden:,} more"
            found.append(
                Diagnostic(
                    page.docname,
                    task.line,
                    Subtype.DUPLICATE,
                    f"task id '{task_id}' is used more than once (also at {others})",
                    task.source or page.source,
                )
            )
    return found


def _review(page: Page, settings: Settings) -> list[Diagnostic]:
    interval = settings.review_interval_days
    reviewed = page.meta.get("last_reviewed")
    if interval is None or reviewed is None:
        return []
    if isinstance(reviewed, str):
        try:
            reviewed = datetime.date.fromisoformat(reviewed)
        except ValueError:
            return []
    if isinstance(reviewed, datetime.datetime):
        reviewed = reviewed.date()
    if not isinstance(reviewed, datetime.date):
        return []
    today = datetime.date.fromisoformat(settings.today) if settings.today else datetime.date.today()
    age = (today - reviewed).days
    if age <= interval:
        return []
    return [
        Diagnostic(
            page.docname,
            page.meta_lines.get("last_reviewed", page.meta_line),
            Subtype.REVIEW,
            f"last reviewed {age} days ago ({reviewed.isoformat()}); the review interval "
            f"is {interval} days",
            page.source,
        )
    ]


def judge_page(page: Page, settings: Settings) -> Page:
    """Run the rules that need only ``page`` and keep what they find on it."""
    page.findings = check_page(page, settings)
    return page


def check_course(course: Course, settings: Settings) -> list[Diagnostic]:
    """Every diagnostic for the course, sorted by page, line and subtype.

    A page already judged (:func:`judge_page`) is not checked again; only the rules
    across pages run for it here."""
    found: list[Diagnostic] = []
    task_ids = {task_id for _, task in course.tasks() if (task_id := task.id)}
    task_hints, doc_hints = Hints(task_ids), Hints(course.docnames)
    for name in sorted(course.pages):
        page = course.pages[name]
        found += page.findings if page.findings is not None else check_page(page, settings)
        if page.is_course_page:
            found += check_links(page, course, task_ids, task_hints, doc_hints)
            found += _review(page, settings)
    found += _duplicate_ids(course)
    return sorted({_with_include_site(d, course) for d in found}, key=sort_key)


def _with_include_site(diag: Diagnostic, course: Course) -> Diagnostic:
    """A finding in an included file names the page's include of it:
    ``part.md:3: ... (included from page.md:7)``, in both gates."""
    page = course.pages.get(diag.docname)
    if page is None or not diag.source or diag.source == page.source:
        return diag
    site = page.included_from.get(diag.source)
    if site is None or diag.message.endswith(f"(included from {site})"):
        return diag
    return replace(diag, message=f"{diag.message} (included from {site})")


def errors_and_gaps(diagnostics: Iterable[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    from ..model.diagnostics import Severity

    diagnostics = list(diagnostics)
    return (
        [d for d in diagnostics if d.severity is Severity.ERROR],
        [d for d in diagnostics if d.severity is Severity.GAP],
    )
