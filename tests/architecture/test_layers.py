"""The house in layers: the import-linter contract holds, and it catches a backwards import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _lint(tree: Path) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "DEBUG": "true"}
    return subprocess.run(
        [sys.executable, str(tree / "scripts" / "check_layers.py")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _copy(tmp_path: Path) -> Path:
    """The portal's apps and the check, in a tree of their own to break."""
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "scripts", tree / "scripts")
    apps = {name.split(".")[0] for name in settings.INSTALLED_APPS}
    for app in (app for app in apps if (ROOT / app).is_dir()):
        shutil.copytree(ROOT / app, tree / app, ignore=shutil.ignore_patterns("__pycache__"))
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
