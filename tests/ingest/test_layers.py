"""Ingestion and monitoring stay services: ingest may call monitoring, never the reverse; neither reaches an
interface; the ingest specs beside the models are model layer; and imports sit at module level."""

import ast
from pathlib import Path

import grimp
import pytest

APP = "securities_crm"
INTERFACES = ("api", "desk", "portal", "tasks", "management", "demo")
INTERFACE_FILES = ("desk", "tabs", "figures")  # a DocType folder's interface modules


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(APP)


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _interface(module: str) -> bool:
    return any(_under(module, f"{APP}.{p}") for p in INTERFACES) or (
        module.startswith(f"{APP}.doctype.") and module.rsplit(".", 1)[1] in INTERFACE_FILES
    )


def _modules(graph, package: str) -> list[str]:
    return sorted(m for m in graph.modules if _under(m, f"{APP}.{package}"))


def test_monitoring_never_reaches_ingest(graph):
    for m in _modules(graph, "monitoring"):
        for target in _modules(graph, "ingest"):
            assert not graph.find_shortest_chain(importer=m, imported=target), (m, target)


def test_ingest_and_monitoring_never_reach_an_interface(graph):
    interfaces = [m for m in graph.modules if _interface(m)]
    for m in _modules(graph, "ingest") + _modules(graph, "monitoring"):
        for target in interfaces:
            assert not graph.find_shortest_chain(importer=m, imported=target), (m, target)


def test_the_ingest_specs_are_model_layer(graph):
    specs = [m for m in graph.modules if m.endswith(".ingest") and m.startswith(f"{APP}.doctype.")]
    specs += [f"{APP}.doctype.shared.ingest_spec", f"{APP}.doctype.ingestion_batch.kinds"]
    assert len(specs) == 8
    for m in specs:
        for target in graph.find_upstream_modules(m):
            assert _under(target, f"{APP}.core") or _under(target, f"{APP}.doctype"), (m, target)
            assert not _interface(target), (m, target)


def test_imports_sit_at_module_level_unless_a_comment_says_why():
    root = Path(__import__(APP).__file__).parent
    inside = []
    for path in sorted([*root.glob("ingest/*.py"), *root.glob("monitoring/**/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lines = path.read_text(encoding="utf-8").splitlines()
        for fn in ast.walk(tree):
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(fn):
                    if isinstance(node, (ast.Import, ast.ImportFrom)):
                        before = lines[node.lineno - 2].strip()
                        assert before.startswith("#"), f"{path.name}:{node.lineno}: say why it is not at the top"
                        inside.append((path.relative_to(root).as_posix(), ast.unparse(node)))
    assert inside == [("monitoring/engine.py", "import duckdb")]
