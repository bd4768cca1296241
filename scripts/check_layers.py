"""Checks that the portal's apps import downwards only (docs/architecture.md), with import-linter.

    python scripts/check_layers.py        # make test runs it; exit status 1 on a backwards import

The layers, lowest first: the foundation (portal) → audit → records (the base and the
registry) → the ledger, the administrators' pages and every app that registers a record
kind → figures → media scoring and 迎检 → the dashboard and the reports → the demo data. Apps
on one layer import none of each other. The kind apps are found in the registry, so a new
kind needs no line here: its app joins its layer by registering.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# From the top down; a set is one layer of independent apps. None stands for the kind apps.
LAYERS = [
    {"demo"},
    {"dashboard", "reports"},
    {"scoring", "inspection"},
    {"figures"},
    {"ledger", "administration", None},
    {"records"},
    {"audit"},
    {"portal"},
]


def kind_apps() -> set[str]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from records.kinds import KINDS

    return {kind.model._meta.app_config.name for kind in KINDS.values()}


def contract(kinds: set[str], installed: list[str]) -> str:
    """The import-linter configuration of the layers, the kind apps put in theirs."""
    layers = [sorted(set().union(*(kinds if app is None else {app} for app in layer))) for layer in LAYERS]
    placed = {app for layer in layers for app in layer}
    unplaced = [app for app in installed if app not in placed]
    if unplaced:
        raise SystemExit(f"No layer for the app(s) {', '.join(unplaced)}: add them to LAYERS in {__file__}.")
    packages = "".join(f"    {app}\n" for app in sorted(placed))
    lines = "".join("    " + " | ".join(layer) + "\n" for layer in layers)
    return (
        f"[importlinter]\nroot_packages =\n{packages}\n"
        f"[importlinter:contract:layers]\nname = Apps import downwards only\ntype = layers\nlayers =\n{lines}"
    )


def main() -> int:
    from django.conf import settings
    from importlinter.cli import lint_imports

    kinds = kind_apps()
    installed = [app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()]
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write(contract(kinds, installed))
    try:
        return lint_imports(config_filename=config.name, no_cache=True, no_logo=True)
    finally:
        os.unlink(config.name)


if __name__ == "__main__":
    sys.exit(main())
