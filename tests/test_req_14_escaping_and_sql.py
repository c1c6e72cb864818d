"""Output is escaped and SQL takes no values as text [SECURITY 14].

Jinja escapes what a page shows (autoescape on for .html); no template marks data as safe; markup is
built in Python only by a short list of trusted helpers that escape what they put in; and no raw SQL
in marketplace/ is put together from values (f-strings, `%`, `+`, `.format`): values go as bound
parameters. The static checks read the source, so a new template or module is covered without
touching this file.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from jinja2 import nodes

from .conftest import UONG_BI

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
PACKAGE = ROOT / "marketplace"

XSS = "\"><script>alert('x')</script>"
ESCAPED = "&#34;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"

# Template helpers that return markup they built themselves, escaping every text they put in:
# `|safe` may follow a call of one of these, or a literal written in the template, nothing else.
TRUSTED_TEMPLATE_HELPERS = {"icon", "status_icon", "status_chip"}
# The only Python functions that may build a Markup object, with why they are safe.
TRUSTED_MARKUP_BUILDERS = {
    "icons.py:icon": "our own vendored SVG files, by a name checked against [a-z0-9-]+",
    "icons.py:status_icon": "an icon() or an empty Markup",
    "icons.py:status_chip": "Markup.format() escapes the code and the label",
    "reports/charts.py:columns": "every text of the chart goes through escape()",
    "reports/charts.py:bars": "every text of the chart goes through escape()",
}
# Calls that send their first argument to the database as SQL text.
SQL_SINKS = {"text", "literal_column", "exec_driver_sql", "execute", "executemany", "executescript"}
# Raw SQL built from pieces that stays, each with its reason. Existing migrations are never
# rewritten; anything new must use bound parameters or the SQL expression language.
ALLOWED_BUILT_SQL = {
    "migrations/versions/c45e0b9a1709_casework_record_legal_care_team.py:upgrade":
        "an applied migration: _listed() quotes a constant tuple of codes written in that file",
    "services/sql.py:year_month":
        "an int() in an interval literal: PostgreSQL must see one expression in SELECT and GROUP BY, "
        "which two bound parameters are not",
}


# --- escaping, through the app ----------------------------------------------------------------

def test_req_14_autoescape_is_on_for_html_templates(app):
    assert app.jinja_env.autoescape("page.html") is True


def test_req_14_a_name_with_a_script_is_shown_escaped_to_a_caseworker(make_user, make_candidate, login, client):
    person = make_candidate(UONG_BI, full_name=XSS)
    login(make_user("caseworker", areas=(UONG_BI,)))
    for url in ("/casework/", f"/casework/candidates/{person}"):
        page = client.get(url).get_data(as_text=True)
        assert ESCAPED in page, url
        assert "<script>alert(" not in page, url


# --- templates: no |safe on data, no autoescape off -------------------------------------------

def _template_problems(env, source: str, name: str) -> list[str]:
    """What in one template could print data unescaped."""
    tree = env.parse(source, name)
    problems = []
    for node in tree.find_all(nodes.Filter):
        if node.name != "safe":
            continue
        target = node.node
        if isinstance(target, nodes.Const) and isinstance(target.value, str):
            continue  # a literal written in the template itself
        if (isinstance(target, nodes.Call) and isinstance(target.node, nodes.Name)
                and target.node.name in TRUSTED_TEMPLATE_HELPERS):
            continue
        problems.append(f"{name}:{node.lineno}: |safe on something other than a literal or a trusted helper")
    for node in tree.find_all(nodes.FilterBlock):
        if node.filter.name == "safe":
            problems.append(f"{name}:{node.lineno}: a {{% filter safe %}} block")
    for node in tree.find_all(nodes.Call):
        if isinstance(node.node, nodes.Name) and node.node.name == "Markup":
            problems.append(f"{name}:{node.lineno}: Markup() called in a template")
    for node in tree.find_all(nodes.EvalContextModifier):
        for option in node.options:
            if option.key == "autoescape" and not (isinstance(option.value, nodes.Const) and option.value.value):
                problems.append(f"{name}:{node.lineno}: autoescape turned off")
    return problems


def test_req_14_no_template_marks_data_as_safe(app):
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 50
    problems = []
    for path in templates:
        problems += _template_problems(app.jinja_env, path.read_text("utf-8"), str(path.relative_to(ROOT)))
    assert problems == []


@pytest.mark.parametrize("source", [
    "{{ person.full_name|safe }}",
    "{{ (note.text ~ '<br>')|safe }}",
    "{% filter safe %}{{ person.full_name }}{% endfilter %}",
    "{{ Markup(person.full_name) }}",
    "{% autoescape false %}{{ person.full_name }}{% endautoescape %}",
], ids=["safe on data", "safe on a join", "filter block", "Markup", "autoescape off"])
def test_req_14_the_template_check_catches_each_way_to_print_data_raw(app, source):
    assert _template_problems(app.jinja_env, source, "new.html")


def test_req_14_the_template_check_lets_literals_and_trusted_helpers_through(app):
    source = "{{ '<span>*</span>'|safe }}{{ icon('check')|safe }}{{ status_chip('referral_status', r.status) }}"
    assert _template_problems(app.jinja_env, source, "ok.html") == []


# --- Python: Markup only in the trusted helpers -----------------------------------------------

def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text("utf-8"), str(path))


def _functions(tree: ast.AST):
    """(function name or "<module>", node) for the module and every function in it."""
    yield "<module>", tree
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node


def _own_nodes(scope: ast.AST):
    """The nodes of a scope, not those of the functions defined inside it."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _markup_builders(tree: ast.AST) -> set[str]:
    names = {"Markup"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {alias.asname for alias in node.names if alias.name == "Markup" and alias.asname}
    return {function for function, scope in _functions(tree) for node in _own_nodes(scope)
            if isinstance(node, ast.Call) and _called_name(node) in names}


def _places(check, modules) -> set[str]:
    """"module:function" of every place a check finds in the modules."""
    return {f"{module}:{function}" for module, tree in modules for function in check(tree)}


def test_req_14_markup_is_built_only_by_the_trusted_helpers():
    found = _places(_markup_builders, _modules())
    assert sorted(found - set(TRUSTED_MARKUP_BUILDERS)) == []
    assert set(TRUSTED_MARKUP_BUILDERS) <= found, "a trusted helper was removed: take it off the list"


def test_req_14_the_markup_check_catches_a_new_builder():
    tree = ast.parse("from markupsafe import Markup as M\ndef note(text):\n    return M(f'<p>{text}</p>')\n")
    assert _places(_markup_builders, [("notes.py", tree)]) == {"notes.py:note"}


# --- Python: no SQL text built from values ----------------------------------------------------

def _literal(value: ast.AST) -> bool:
    """Written whole in the source: a constant, or constants joined by `+` or `%`."""
    if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Mod, ast.Add)):
        return _literal(value.left) and _literal(value.right)
    return isinstance(value, ast.Constant)


class _Scope:
    """What each name of one function (or of the module) was given: `x = ...` and `x += ...`."""

    def __init__(self, scope: ast.AST):
        self.assigned: dict[str, list[ast.AST]] = {}
        self.grown: set[str] = set()  # `sql += more`: put together from pieces
        for node in _own_nodes(scope):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
                self.assigned.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                self.grown.add(node.target.id)

    def built(self, value: ast.AST, seen: frozenset = frozenset()) -> bool:
        """Whether an expression is a string put together at run time rather than written whole."""
        if isinstance(value, ast.JoinedStr):
            return any(isinstance(part, ast.FormattedValue) for part in value.values)
        if isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Mod, ast.Add)):
            return not _literal(value)
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            return value.func.attr in {"format", "format_map", "join", "replace"}
        if isinstance(value, ast.Name) and value.id not in seen:
            return value.id in self.grown or any(self.built(v, seen | {value.id})
                                                 for v in self.assigned.get(value.id, ()))
        return False


def _built_sql(tree: ast.AST) -> set[str]:
    """The functions of a module that send SQL text put together from pieces to the database."""
    found = set()
    for function, scope in _functions(tree):
        names = _Scope(scope)
        if any(isinstance(node, ast.Call) and _called_name(node) in SQL_SINKS and node.args
               and names.built(node.args[0]) for node in _own_nodes(scope)):
            found.add(function)
    return found


def test_req_14_no_sql_text_is_built_from_values():
    found = _places(_built_sql, _modules())
    assert sorted(found - set(ALLOWED_BUILT_SQL)) == []
    assert set(ALLOWED_BUILT_SQL) <= found, "an allowed exception is gone: take it off the list"


@pytest.mark.parametrize("source", [
    "def f(name):\n    db.session.execute(text(f\"SELECT * FROM users WHERE name = '{name}'\"))",
    "def f(name):\n    sql = \"SELECT * FROM users WHERE name = '%s'\" % name\n    db.session.execute(text(sql))",
    "def f(name):\n    sql = 'SELECT * FROM users WHERE name = ' + name\n    conn.exec_driver_sql(sql)",
    "def f(name):\n    conn.execute('DELETE FROM t WHERE n = {}'.format(name))",
    "def f(names):\n    sql = 'SELECT 1'\n    sql += names\n    conn.execute(sql)",
    "def f(col):\n    return select(literal_column(f'max({col})'))",
], ids=["f-string", "percent", "plus", "format", "plus-equals", "literal_column"])
def test_req_14_the_sql_check_catches_each_way_to_build_it(source):
    assert _places(_built_sql, [("new.py", ast.parse(source))]) == {"new.py:f"}


def test_req_14_the_sql_check_lets_constant_sql_and_bound_parameters_through():
    source = ("STATEMENTS = ('PRAGMA foreign_keys=ON', 'PRAGMA synchronous=NORMAL')\n"
              "def f(conn, name):\n"
              "    conn.execute(text('SELECT 1 '\n                      'FROM users WHERE name = :name'), {'name': name})\n"
              "    for statement in STATEMENTS:\n        conn.exec_driver_sql(statement)\n"
              "    db.session.execute(select(User).where(User.name == name))\n")
    assert _places(_built_sql, [("ok.py", ast.parse(source))]) == set()
