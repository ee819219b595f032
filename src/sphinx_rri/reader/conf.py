"""``conf.py`` read without running it: the literal values ``validate`` and ``report`` need.

A pull request can change ``conf.py`` (or add one in a subfolder, next to the pages it
asks to validate), and the gates run before anyone has read it. So the gates never
execute it: :func:`read_conf` parses it with :mod:`ast` and takes the module-level
assignments of the names in :data:`NEEDED` whose values are literals (strings, numbers,
booleans, ``None``, lists, tuples, sets and dicts of those, ``set()``), names bound
earlier to such a literal, ``+`` between them, and ``.append``/``.extend``/``.add``/
``.update`` calls with literal arguments. Anything else that binds a needed name (a
function call, an import, an assignment inside ``if`` or ``try``, a loop) is a located
problem, and the name keeps its default. ``sphinx-rri validate --trust-conf`` runs the
file instead, as Sphinx does.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..contract.config import OPTIONS

#: The names the gates read, besides every ``rri_*`` value.
SPHINX_NAMES = (
    "extensions",
    "myst_enable_extensions",
    "myst_url_schemes",
    "exclude_patterns",
    "include_patterns",
    "templates_path",
    "html_extra_path",
    "html_static_path",
    "source_suffix",
    "root_doc",
    "master_doc",
    "language",
)

NEEDED = frozenset(SPHINX_NAMES) | {option.name for option in OPTIONS}


def is_needed(name: str) -> bool:
    return name in NEEDED or name.startswith("rri_")


@dataclass(frozen=True)
class ConfProblem:
    """A needed value that cannot be read without running ``conf.py``."""

    line: int
    name: str
    message: str


class StaticConf(NamedTuple):
    values: dict[str, Any]
    """Each needed name that conf.py sets to a literal, with its value."""
    problems: list[ConfProblem]
    """One per needed name conf.py sets in a way that only running it would tell."""


class _NotLiteral(Exception):
    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


_MUTATORS = {"append", "extend", "add", "update", "insert", "remove", "discard"}


@dataclass
class _Reader:
    values: dict[str, Any] = field(default_factory=dict)
    """Every module-level name bound to a literal so far (needed or not)."""
    unknown: dict[str, int] = field(default_factory=dict)
    """Names bound to something else, with the line, so that a later use says why."""
    problems: list[ConfProblem] = field(default_factory=list)

    def problem(self, line: int, name: str, what: str) -> None:
        self.problems.append(
            ConfProblem(
                line,
                name,
                f"conf.py sets {name} at line {line} {what}; validate reads conf.py without "
                f"running it: write a literal value, or pass --trust-conf to run conf.py",
            )
        )

    # -- expressions -----------------------------------------------------------------

    def evaluate(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = [self.evaluate(e) for e in node.elts]
            if isinstance(node, ast.List):
                return items
            if isinstance(node, ast.Tuple):
                return tuple(items)
            try:
                return set(items)
            except TypeError:
                raise _NotLiteral("with an unhashable set member") from None
        if isinstance(node, ast.Dict):
            if any(key is None for key in node.keys):
                raise _NotLiteral("with a dict unpacking (**)")
            try:
                return {
                    self.evaluate(k): self.evaluate(v)
                    for k, v in zip(node.keys, node.values, strict=True)
                    if k is not None
                }
            except TypeError:
                raise _NotLiteral("with an unhashable dict key") from None
        if isinstance(node, ast.Name):
            if node.id in self.values:
                return _copy(self.values[node.id])
            if node.id in self.unknown:
                raise _NotLiteral(f"from {node.id}, which line {self.unknown[node.id]} sets")
            raise _NotLiteral(f"from {node.id}, which conf.py does not set")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.evaluate(node.left), self.evaluate(node.right)
            if type(left) is type(right) and isinstance(left, (list, tuple, str)):
                return left + right
            raise _NotLiteral("with an addition of values of different kinds")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.evaluate(node.operand)
            if isinstance(operand, (int, float)) and not isinstance(operand, bool):
                return -operand if isinstance(node.op, ast.USub) else operand
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"set", "list", "tuple", "dict"}
            and not node.keywords
            and len(node.args) <= 1
            and node.func.id not in self.values
            and node.func.id not in self.unknown
        ):
            kind = {"set": set, "list": list, "tuple": tuple, "dict": dict}[node.func.id]
            if not node.args:
                return kind()
            inner = self.evaluate(node.args[0])
            if isinstance(inner, (list, tuple, set, dict, str)):
                try:
                    return kind(inner)
                except (TypeError, ValueError):
                    pass
        raise _NotLiteral(_describe(node))

    # -- statements --------------------------------------------------------------------

    def bind(self, target: ast.expr, value: Any, line: int, failure: str | None) -> None:
        if isinstance(target, ast.Name):
            if failure is None:
                self.values[target.id] = value
                self.unknown.pop(target.id, None)
                # The last binding counts: an earlier one validate could not read is moot.
                self.problems = [p for p in self.problems if p.name != target.id]
            else:
                self.values.pop(target.id, None)
                self.unknown[target.id] = line
                if is_needed(target.id):
                    self.problem(line, target.id, failure)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if (
                failure is None
                and isinstance(value, (list, tuple))
                and len(value) == len(target.elts)
                and not any(isinstance(e, ast.Starred) for e in target.elts)
            ):
                for element, item in zip(target.elts, value, strict=True):
                    self.bind(element, item, line, None)
            else:
                for element in target.elts:
                    inner = element.value if isinstance(element, ast.Starred) else element
                    self.bind(inner, None, line, failure or "with an unpacking")
        elif isinstance(target, ast.Starred):
            self.bind(target.value, None, line, failure or "with an unpacking")
        else:
            # ``extensions[0] = ...``, ``conf.x = ...``: a change validate does not follow.
            root = _root_name(target)
            if root is not None and is_needed(root):
                self.forget(root, line, "with an item or attribute assignment")

    def forget(self, name: str, line: int, what: str) -> None:
        self.values.pop(name, None)
        self.unknown[name] = line
        if is_needed(name):
            self.problem(line, name, what)

    def statement(self, node: ast.stmt) -> None:
        line = node.lineno
        if isinstance(node, ast.Assign):
            value, failure = self.try_evaluate(node.value)
            for target in node.targets:
                self.bind(target, value, line, failure)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                value, failure = self.try_evaluate(node.value)
                self.bind(node.target, value, line, failure)
        elif isinstance(node, ast.AugAssign):
            name = node.target.id if isinstance(node.target, ast.Name) else None
            if name is None:
                root = _root_name(node.target)
                if root is not None and is_needed(root):
                    self.forget(root, line, "with an item or attribute assignment")
                return
            try:
                if not isinstance(node.op, ast.Add):
                    raise _NotLiteral("with an operator other than +=")
                current = self.evaluate(ast.Name(id=name, ctx=ast.Load()))
                extra = self.evaluate(node.value)
                if isinstance(current, list) and isinstance(extra, (list, tuple)):
                    current = current + list(extra)
                elif (type(current) is type(extra) and isinstance(current, (tuple, str))) or (
                    isinstance(current, (int, float)) and isinstance(extra, (int, float))
                ):
                    current = current + extra
                else:
                    raise _NotLiteral("with += between values of different kinds")
                self.values[name] = current
            except _NotLiteral as err:
                self.forget(name, line, err.what)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            self.call(node.value, line)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    module = node.module if isinstance(node, ast.ImportFrom) else None
                    self.problems.append(
                        ConfProblem(
                            line,
                            "*",
                            f"conf.py imports * from {module} at line {line}, which validate "
                            f"does not run; the values it sets are not seen (write them in "
                            f"conf.py, or pass --trust-conf to run conf.py)",
                        )
                    )
                    continue
                bound = alias.asname or alias.name.split(".")[0]
                self.forget(bound, line, "with an import")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.forget(node.name, line, "with a definition")
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                root = _root_name(target)
                if root is not None:
                    self.forget(root, line, "with del")
        else:
            # if/for/while/try/with/match: whatever they bind depends on running them.
            for name, inner_line in _bound_names(node):
                kind = type(node).__name__.lower().removeprefix("async")
                self.forget(name, inner_line, f"inside the {kind!r} statement at line {line}")

    def call(self, call: ast.Call, line: int) -> None:
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            return
        name = func.value.id
        if name not in self.values and name not in self.unknown:
            return
        if name in self.unknown:
            return
        current = self.values[name]
        try:
            if func.attr not in _MUTATORS or call.keywords:
                raise _NotLiteral(f"with a call of {name}.{func.attr}()")
            args = [self.evaluate(a) for a in call.args]
            method = getattr(current, func.attr, None)
            if method is None:
                raise _NotLiteral(f"with a call of {name}.{func.attr}()")
            method(*args)
        except _NotLiteral as err:
            self.forget(name, line, err.what)
        except (TypeError, ValueError, KeyError, IndexError):
            self.forget(name, line, f"with a call of {name}.{func.attr}() that fails")

    def try_evaluate(self, node: ast.expr) -> tuple[Any, str | None]:
        try:
            return self.evaluate(node), None
        except _NotLiteral as err:
            return None, err.what
        except RecursionError:
            return None, "with an expression nested too deeply"


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, set):
        return set(value)
    return value


def _root_name(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _bound_names(node: ast.stmt) -> list[tuple[str, int]]:
    """Every module-level name a compound statement may bind or change, with its line
    (not those of functions or classes defined inside it, which are their own scope)."""
    found: list[tuple[str, int]] = []

    def visit(child: ast.AST) -> None:
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append((child.name, child.lineno))
            return
        if isinstance(child, ast.Lambda):
            return
        if isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)):
            found.append((child.id, child.lineno))
        elif isinstance(child, (ast.Subscript, ast.Attribute)) and isinstance(
            child.ctx, (ast.Store, ast.Del)
        ):
            root = _root_name(child)
            if root is not None:
                found.append((root, child.lineno))
        elif isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
            root = _root_name(child.func.value)
            if root is not None and child.func.attr in _MUTATORS:
                found.append((root, child.lineno))
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            for alias in child.names:
                if alias.name != "*":
                    found.append(((alias.asname or alias.name).split(".")[0], child.lineno))
        elif isinstance(child, ast.ExceptHandler) and child.name:
            found.append((child.name, child.lineno))
        for grandchild in ast.iter_child_nodes(child):
            visit(grandchild)

    visit(node)
    seen: set[str] = set()
    unique = []
    for name, line in found:
        if name not in seen:
            seen.add(name)
            unique.append((name, line))
    return unique


def _describe(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        return "with a function call"
    if isinstance(node, ast.Attribute):
        return "from an attribute"
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return "with a comprehension"
    if isinstance(node, ast.JoinedStr):
        return "with an f-string"
    return "with an expression"


def read_conf_text(text: str | bytes, filename: str = "conf.py") -> StaticConf:
    """The needed values of ``conf.py`` given as text; see :func:`read_conf`."""
    try:
        tree = ast.parse(text, filename=filename)
    except SyntaxError as err:
        line = err.lineno or 1
        return StaticConf({}, [ConfProblem(line, "", f"conf.py is not valid Python: {err.msg}")])
    except (ValueError, RecursionError, MemoryError) as err:
        return StaticConf({}, [ConfProblem(1, "", f"conf.py cannot be parsed: {err}")])
    reader = _Reader()
    for node in tree.body:
        try:
            reader.statement(node)
        except RecursionError:
            reader.problems.append(
                ConfProblem(node.lineno, "", "conf.py nests too deeply to be read")
            )
    values = {name: value for name, value in reader.values.items() if is_needed(name)}
    if "root_doc" not in values and "master_doc" in values:
        values["root_doc"] = values["master_doc"]
    return StaticConf(values, reader.problems)


def read_conf(path: Path) -> StaticConf:
    """Read ``conf.py`` at ``path`` without running it.

    Returns the literal value of each needed name it sets (``extensions``,
    ``myst_enable_extensions``, ``exclude_patterns``, ``include_patterns``,
    ``source_suffix``, ``root_doc``, ``language`` and every ``rri_*``) and one located
    :class:`ConfProblem` per needed name it sets in a way only running it would tell.
    """
    return read_conf_text(path.read_bytes(), str(path))
