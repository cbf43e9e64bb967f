"""Rules of the code base that no linter checks: tests use the public names of the modules they
test (a private helper may change without a test noticing, or a test may pin it in place), and
no product module grows past 500 lines (docs/architecture.md)."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]


def _test_files():
    for base in (ROOT / "motcua", ROOT / "tests"):
        yield from (p for p in base.rglob("test*.py") if "migrations" not in p.parts)


def _private_uses(path: pathlib.Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()  # local names bound to a motcua module
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("motcua"):
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{path.name}:{node.lineno} imports {alias.name}")
                modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name.split(".")[0] for a in node.names if a.name.startswith("motcua"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and node.attr != "_meta"  # Django's public API
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{path.name}:{node.lineno} uses {node.value.id}.{node.attr}")
    return found


def test_tests_use_only_public_names():
    found = [use for path in _test_files() for use in _private_uses(path)]
    assert found == []


def test_the_checker_sees_a_private_name(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text("from motcua.documents import rendering\nfrom motcua.dossiers.services import _x\nrendering._handovers(1)\n")
    assert _private_uses(sample) == ["test_sample.py:2 imports _x", "test_sample.py:3 uses rendering._handovers"]


def test_no_product_module_passes_500_lines():
    long = []
    for path in (ROOT / "motcua").rglob("*.py"):
        if {"migrations", "tests"} & set(path.parts):
            continue
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > 500:
            long.append(f"{path.relative_to(ROOT)}: {lines}")
    assert long == []


def test_a_failing_story_names_its_step(pytester):
    """The root conftest's hook adds the last ``step`` a failing test reached to its report."""
    pytester.makeconftest("import pytest\n\nfrom motcua.core import testing\n\n\n" + _hook_source())
    pytester.makepyfile(
        'from motcua.core.testing import step\n\n\ndef test_story():\n    step("receive")\n    assert True\n'
        '    step("supplement")\n    assert 1 == 2\n\n\ndef test_passes():\n    step("only")\n'
    )
    result = pytester.runpytest_inprocess("-p", "no:django", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    assert "[story step] failed in: supplement" in result.stdout.str()


def _hook_source() -> str:
    source = (ROOT / "conftest.py").read_text(encoding="utf-8")
    start = source.index("@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport")
    return source[start:]
