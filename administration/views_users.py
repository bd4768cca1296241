"""Account pages: the sysadmin creates, edits and deactivates accounts; the secadmin
assigns roles. Neither can do the other's work (三员分立)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from administration.forms import AccountSearchForm, AdminPasswordForm, RoleForm, UserCreateForm, UserEditForm
from administration.views_account import locked_usernames
from audit.log import audit_write
from audit.models import Event
from portal.access import require_perm, users_for
from portal.services import user_check_manageable, user_set_active, user_set_roles

PAGE_SIZE = 50


def _user_page(request: HttpRequest) -> dict:
    """The filtered, paginated account list both administrators' pages show."""
    users = users_for(request.user)
    search = AccountSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(name__icontains=query) | Q(unit__name__icontains=query)
        )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "query": query}


@require_perm("portal.manage_users")
def user_list(request: HttpRequest) -> HttpResponse:
    context = _user_page(request)
    context["locked"] = locked_usernames(account.username for account in context["page"])
    return render(request, "administration/user_list.html", context)


@require_perm("portal.manage_users")
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, by=request.user)
    if form.is_valid():
        user = form.save()
        messages.success(request, _("已创建账号 %(user)s，请由安全管理员为其分配角色。") % {"user": user})
        return redirect("administration:user_list")
    return render(
        request,
        "portal/form.html",
        {"form": form, "cancel_url": reverse("administration:user_list"), "title": _("新建账号")},
    )


@require_perm("portal.manage_users")
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for(request.user), pk=pk)
    form = UserEditForm(request.POST or None, instance=user, by=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("已保存 %(user)s 的资料。") % {"user": user})
        return redirect("administration:user_list")
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "cancel_url": reverse("administration:user_list"),
            "title": _("编辑账号：%(user)s") % {"user": user},
        },
    )


@require_perm("portal.manage_users")
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for(request.user), pk=pk)
    if user.pk == request.user.pk:
        return redirect("password_change")
    try:
        user_check_manageable(user=user, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("administration:user_list")
    form = AdminPasswordForm(user, request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            form.save()
            audit_write(Event.PASSWORD_RESET, obj=user)
        messages.success(request, _("已为 %(user)s 设置新密码。") % {"user": user})
        return redirect("administration:user_list")
    return render(
        request,
        "portal/form.html",
        {
            "form": form,
            "cancel_url": reverse("administration:user_list"),
            "title": _("重设密码：%(user)s") % {"user": user},
        },
    )


@require_POST
@require_perm("portal.manage_users")
def user_toggle_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for(request.user), pk=pk)
    try:
        user_set_active(user=user, active=not user.is_active, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("已启用 %(user)s。") if user.is_active else _("已停用 %(user)s。")
        messages.success(request, done % {"user": user})
    return redirect("administration:user_list")


@require_perm("portal.assign_roles")
def role_list(request: HttpRequest) -> HttpResponse:
    return render(request, "administration/role_list.html", _user_page(request))


@require_perm("portal.assign_roles")
def role_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_for(request.user), pk=pk)
    if user.pk == request.user.pk:
        messages.error(request, _("不能修改自己的角色，请由另一位安全管理员操作。"))
        return redirect("administration:role_list")
    form = RoleForm(request.POST or None, initial={"roles": [role.value for role in user.roles]})
    if form.is_valid():
        try:
            user_set_roles(user=user, roles=form.cleaned_data["roles"], by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已更新 %(user)s 的角色。") % {"user": user})
            return redirect("administration:role_list")
    return render(request, "administration/role_form.html", {"form": form, "account": user})
