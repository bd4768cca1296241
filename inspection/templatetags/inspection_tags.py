"""The 迎检 page's gap lines, written in Python: a town's page lists hundreds of them, and
the template language spent a tenth of the page's time looking up each line's parts."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def gap_lines(gaps) -> SafeString:
    """Each gap as a list item: its message, a 进行中 badge for the running month, and
    the link that fixes it."""
    fix, running = _("去补登"), _("进行中")
    return format_html_join(
        "\n",
        '<li class="list-group-item d-flex justify-content-between align-items-center gap-2{}"'
        ' data-gap="{}"><span>{}{}</span>{}</li>',
        (
            (
                " list-group-item-light" if gap.current else "",
                gap.code,
                format_html('<span class="badge text-bg-secondary me-1">{}</span>', running)
                if gap.current
                else "",
                gap.message,
                format_html(
                    '<a class="btn btn-sm btn-outline-primary text-nowrap" href="{}">{}</a>', gap.url, fix
                )
                if gap.url
                else "",
            )
            for gap in gaps
        ),
    )
