"""Real HTTP requests against pytest-django's live server, as a signed-in browser makes them."""

from __future__ import annotations

import re

import requests
from django.conf import settings
from django.test import Client


def signed_in(live_server, user, *, first: str = "/") -> requests.Session:
    """A session of `user` on the live server, with its CSRF cookie from a GET of `first`.

    The live server speaks plain HTTP: the test must turn off secure cookies
    (settings.CSRF_COOKIE_SECURE / SESSION_COOKIE_SECURE) for the cookies to come back.
    """
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    session.get(f"{live_server.url}{first}")
    return session


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def form_fields(page: str) -> dict[str, str]:
    """The hidden inputs of the page's forms (version, one-time token, CSRF), by name."""
    fields = {}
    for tag in re.findall(r"<input[^>]+type=\"hidden\"[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = value.group(1) if value else ""
    return fields
