"""Changing one's own password, and unlocking an account django-axes locked."""

from __future__ import annotations

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import PasswordChangeView
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import audit_write
from audit.models import Event, Outcome
from portal.access import require_perm, users_for


class OwnPasswordChangeView(PasswordChangeView):
    """Django's own page, with each change and each failed attempt in the audit log."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_write(Event.PASSWORD_CHANGE, request=self.request, obj=self.request.user)
        return response

    def form_invalid(self, form):
        audit_write(
            Event.PASSWORD_CHANGE,
            outcome=Outcome.FAILURE,
            request=self.request,
            obj=self.request.user,
            detail={"errors": sorted(form.errors)},
        )
        return super().form_invalid(form)


def locked_usernames(usernames) -> set[str]:
    """Which of these user names django-axes has locked out right now."""
    # As django-axes counts: a user name's failures from every address and browser together.
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = (
        AccessAttempt.objects.filter(username__in=list(usernames), attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {attempt["username"] for attempt in attempts}


@require_POST
@require_perm("portal.manage_users")
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for(request.user), pk=pk)
    axes_reset(username=user.username)
    audit_write(Event.UNLOCK, request=request, obj=user)
    messages.success(request, _("已解除 %(user)s 的登录锁定。") % {"user": user})
    return redirect("administration:user_list")
