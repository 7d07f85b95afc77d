from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .selectors import notifications_for
from .services import mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The person's notifications, newest first; opening the page marks the shown ones read."""
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    notifications = list(page.object_list)
    unread_ids = {n.pk for n in notifications if n.read_at is None}
    if unread_ids:  # before rendering, so that the bell already shows the new count
        mark_read(user=request.user, notification_ids=unread_ids)
    return render(
        request,
        "notifications/list.html",
        {"page": page, "notifications": notifications, "unread_ids": unread_ids},
    )


@login_required
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = mark_read(user=request.user)
    messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count})
    return redirect("notifications:list")
