"""The audit trail page: read, filter, export (CSV)."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import TrailFilterForm
from .selectors import filter_trail, trail_visible_to

PAGE_SIZE = 50


def _safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet would run a cell starting with = + - @ as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def trail(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.view_trail"):
        raise PermissionDenied(_("Chỉ quản trị viên và lãnh đạo ký duyệt được xem nhật ký."))
    form = TrailFilterForm(request.GET or None)
    qs = trail_visible_to(request.user)
    qs = filter_trail(qs, **form.cleaned_data) if form.is_valid() else qs.order_by("-seq")
    if request.GET.get("export") == "csv" and (not form.is_bound or form.is_valid()):
        return _export(qs)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/trail.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _export(qs) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    header = [
        _("Số thứ tự"),
        _("Thời điểm"),
        _("Người thực hiện"),
        _("Hành động"),
        _("Đối tượng"),
        _("Từ trạng thái"),
        _("Sang trạng thái"),
        _("Ghi chú"),
        _("Dữ liệu"),
        _("Mã băm"),
    ]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for e in qs.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.seq,
                    timezone.localtime(e.created_at).strftime("%d/%m/%Y %H:%M:%S"),
                    _safe_cell(e.actor_name),
                    e.action,
                    _safe_cell(e.target_repr),
                    e.from_state,
                    e.to_state,
                    _safe_cell(e.comment),
                    _safe_cell(e.data),
                    e.hash,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nhat-ky.csv"'
    return response
