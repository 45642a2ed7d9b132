"""The layers hold to their part.

The rules in `domain/` are pure: no web framework, no database, no SMS or HTTP client, and
nothing from the layers that do I/O (`db`, `web`, `sms`, `services`). The use cases in
`services/` build no SQL: their hand-written statements live in `db/queries/`."""

import ast
import re
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
FORBIDDEN = {
    "litestar",
    "piccolo",
    "db",
    "web",
    "sms",
    "services",
    "twilio",
    "httpx",
    "requests",
}


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an `import` or `from … import` names, at any depth (inside functions too).
    A relative import stays inside `domain/` and is allowed."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def impurities() -> list[str]:
    return [
        f"{path.relative_to(DOMAIN.parent)}:{line} imports {module}"
        for path in sorted(DOMAIN.rglob("*.py"))
        for line, module in imported_modules(ast.parse(path.read_text(), str(path)))
        if module.split(".")[0] in FORBIDDEN
    ]


def test_domain_imports_no_framework_database_or_network_module():
    assert DOMAIN.is_dir()
    assert impurities() == []


def test_the_check_sees_nested_and_from_imports():
    tree = ast.parse(
        "import os\n"
        "def f():\n"
        "    import piccolo.table\n"
        "    from db.tables import Org\n"
        "class C:\n"
        "    from litestar import get\n"
    )
    modules = [module for _, module in imported_modules(tree)]
    assert [m for m in modules if m.split(".")[0] in FORBIDDEN] == [
        "piccolo.table",
        "db.tables",
        "litestar",
    ]


SERVICES = DOMAIN.parent / "services"
SQL_START = re.compile(r"^\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH)\s")


def sql_in_services() -> list[str]:
    """String literals that start a SQL statement, and raw-SQL building, in `services/`
    (the statements live in `db/queries/`, the LIKE helpers in `db/scope`)."""
    found = []
    for path in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(DOMAIN.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if SQL_START.match(node.value):
                    found.append(f"{where} writes SQL")
            elif isinstance(node, ast.Attribute) and node.attr == "raw":
                found.append(f"{where} runs raw SQL")
            elif isinstance(node, ast.Name) and node.id == "WhereRaw":
                found.append(f"{where} builds a raw WHERE")
    return found


def test_services_build_no_sql():
    assert SERVICES.is_dir()
    assert sql_in_services() == []
