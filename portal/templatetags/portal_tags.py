from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_without_page(context) -> str:
    """The current query string minus `page`, so page links keep every filter."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    return query.urlencode()


@register.filter
def dict_get(mapping, key):
    """mapping[key] in a template, or None: `{{ material|dict_get:section.pk }}`."""
    return mapping.get(key) if hasattr(mapping, "get") else None
