"""The layer contracts in pyproject.toml ([tool.importlinter]) hold, and they bite.

`lint-imports` reads the code without importing it, so these tests copy the package into a
temporary folder, plant one forbidden import and see the right contract break.
"""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def copy_of_the_code(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "coproduce", tmp_path / "coproduce", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_are_kept_by_the_code():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert f"Contracts: {len(contracts['contracts'])} kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "broken"),
    [
        # a model importing a view: the order inside an app
        (
            "coproduce/workshops/models.py",
            "from coproduce.workshops import views",
            "workshops: layers BROKEN",
        ),
        # the kernel importing a feature app
        (
            "coproduce/core/models.py",
            "from coproduce.panels import models",
            "core and accounts import no feature app BROKEN",
        ),
        # a cycle between apps: initiatives is below the ladder
        (
            "coproduce/initiatives/models.py",
            "from coproduce.ladder import scoring",
            "Apps import only the apps below them (no cycles) BROKEN",
        ),
        # a new module that no layer names
        (
            "coproduce/panels/helpers.py",
            "from coproduce.panels import models",
            "panels: layers BROKEN",
        ),
    ],
)
def test_a_planted_import_breaks_its_contract(copy_of_the_code, module, planted, broken):
    path = copy_of_the_code / module
    before = path.read_text() if path.exists() else ""
    path.write_text(f"{before}\n{planted}  # planted by the test\n")

    result = lint_imports(copy_of_the_code)

    assert result.returncode == 1, result.stdout + result.stderr
    assert broken in result.stdout


def reason_for(lines: list[str], index: int) -> str:
    """The comment on the import's line, or on the line above its block of imports."""
    if "  # " in lines[index]:
        return lines[index].split("  # ", 1)[1]
    while lines[index - 1].strip().startswith(("from ", "import ")):
        index -= 1
    above = lines[index - 1].strip()
    return above.removeprefix("# ") if above.startswith("#") else ""


def inline_imports() -> dict[tuple[str, str], str]:
    """Each import of our own code inside a function: (importer, imported) -> its reason."""
    found: dict[tuple[str, str], str] = {}
    for path in sorted((ROOT / "coproduce").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        importer = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        lines = path.read_text().splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith(
                    "coproduce"
                ):
                    for alias in inner.names:
                        module = f"{inner.module}.{alias.name}"
                        as_path = ROOT.joinpath(*module.split("."))
                        is_module = as_path.with_suffix(".py").exists() or as_path.is_dir()
                        imported = module if is_module else str(inner.module)
                        found[(importer, imported)] = reason_for(lines, inner.lineno - 1)
    return found


def test_every_import_inside_a_function_is_a_listed_exception_with_its_reason():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    listed = {
        tuple(part.strip() for part in line.split("->"))
        for contract in config["contracts"]
        for line in contract.get("ignore_imports", [])
    }
    found = inline_imports()

    assert set(found) == listed
    assert [pair for pair, reason in found.items() if not reason] == []
