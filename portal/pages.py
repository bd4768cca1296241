"""The create and edit page every list's objects share: the form, saved with a message, or shown again."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def form_page(
    request: HttpRequest,
    form,
    *,
    title: str,
    back: str,
    saved: Callable[[object], str],
    template: str = "portal/form.html",
    context: dict | None = None,
) -> HttpResponse:
    """Save a valid posted `form` (its `save()`), say `saved(object)` and go `back` (a URL);
    else render the form page, with what was typed and its errors."""
    if request.method == "POST" and form.is_valid():
        saved_object = form.save()
        messages.success(request, saved(saved_object))
        return redirect(back)
    return render(request, template, {"form": form, "cancel_url": back, "title": title, **(context or {})})
