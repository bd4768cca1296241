from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.home import sections_for
from records.models import Record
from records.queries import records_for


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    badges = {}
    if user.has_perm("records.review_record"):
        badges["pending"] = records_for(user).filter(status=Record.Status.SUBMITTED).count()
    returned = []
    if user.has_perm("records.log_record"):
        # A reporter's records that came back, with the reason, first thing they see.
        returned = records_for(user).filter(status=Record.Status.RETURNED, author=user)[:10]
    return render(
        request, "portal/home.html", {"sections": sections_for(user), "badges": badges, "returned": returned}
    )
