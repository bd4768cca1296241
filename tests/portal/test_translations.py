"""Chinese is the source language; the English catalogue must be complete and compiled."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\{ *\w+ *\}\}")


def entries(catalogue) -> dict[str, str]:
    return {e.msgid: e.msgstr or repr(sorted(e.msgstr_plural.items())) for e in catalogue if e.msgid}


def test_every_string_has_an_english_translation_with_the_same_placeholders():
    problems = []
    for entry in polib.pofile(str(PO)):
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        if "fuzzy" in entry.flags or not all(translations):
            problems.append(f"untranslated: {entry.msgid}")
        for translation in translations:
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(translation)):
                problems.append(f"placeholders differ: {entry.msgid} -> {translation}")
    assert problems == []


def test_the_compiled_catalogue_matches_the_source():
    compiled = polib.mofile(str(PO.with_suffix(".mo")))
    assert entries(compiled) == entries(polib.pofile(str(PO)))


def test_no_marked_string_is_missing_from_the_catalogue(tmp_path):
    if not shutil.which("xgettext"):
        pytest.skip("needs gettext (apt-get install gettext) to extract strings")
    copy = tmp_path / "portal"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "staticfiles", "media"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy,
        env={"DEBUG": "true", "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / PO.relative_to(ROOT))) if e.msgid}
    assert extracted == {e.msgid for e in polib.pofile(str(PO)) if e.msgid}
