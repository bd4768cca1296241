"""The auditor's page reads entries through audit.reading."""

from __future__ import annotations

from django import template

from audit import reading

register = template.Library()
register.filter("audit_object", reading.audit_object)
register.filter("audit_detail", reading.audit_detail)
