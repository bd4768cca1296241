"""The house in layers: the import-linter contract holds, and it catches a backwards import."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = ROOT / ".venv" / "bin" / "lint-imports"
APPS = [
    "portal", "audit", "records", "activities", "media_outreach", "ledger", "administration",
    "figures", "dashboard", "reports", "demo",
]  # fmt: skip


def _lint(tree: Path) -> subprocess.CompletedProcess:
    command = [str(LINT)] if LINT.exists() else ["lint-imports"]
    return subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False)


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree)
    for app in APPS:
        shutil.copytree(ROOT / app, tree / app, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    return tree


def test_every_app_imports_only_the_apps_below_it(tmp_path):
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout


def test_a_foundation_module_importing_the_report_breaks_the_contract(tmp_path):
    tree = _copy(tmp_path)
    (tree / "portal" / "backwards.py").write_text("from reports import services  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "portal.backwards -> reports.services" in result.stdout
