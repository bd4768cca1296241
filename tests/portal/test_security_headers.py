"""Web hardening: the headers every page carries, and templates that a strict CSP can serve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from portal.roles import Role

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize("url_name", ["login", "dashboard:home"])
def test_every_page_carries_the_security_headers(client_as, url_name):
    response = client_as(Role.LEADER).get(reverse(url_name), follow=True)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_template_has_inline_script_style_or_event_handlers():
    """A strict CSP would block them: behaviour lives in static/js, data travels in json_script."""
    offences = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag:
                offences.append(f"{path.name}: {tag}")
        offences += [f"{path.name}: <style>" for _ in re.findall(r"<style\b", text)]
        offences += [f"{path.name}: {m}" for m in re.findall(r"\s(?:on[a-z]+|style)=[\"']", text)]
        offences += [f"{path.name}: javascript: link" for _ in re.findall(r"javascript:", text)]
    assert offences == []
