from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.selectors import is_authority_staff

from .enums import RenderStatus
from .filenames import content_disposition
from .kinds import UnknownKind, get_kind
from .models import RegisterEntry, RenderedDocument, RenderJob
from .selectors import register_entries
from .services import request_document, retry_render_job


def _check_visible(
    request: HttpRequest, kind: str, object_id: str, data: dict[str, Any] | None = None
) -> None:
    """404 unless the person may see the object a document or job was made from, and this text
    of it (a draft's rendering is for its authors only: DocumentKind.can_view_data)."""
    try:
        spec = get_kind(kind)
        obj = spec.load(object_id)
    except (UnknownKind, ObjectDoesNotExist, ValueError, OverflowError) as exc:
        raise Http404 from exc
    if not spec.can_view(request.user, obj):
        raise Http404
    visible_data = spec.can_view_data is None or data is None
    if not visible_data and not spec.can_view_data(request.user, obj, data):
        raise Http404


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    """A stored rendering, for whoever may see the object it was made from (?xem=1: inline)."""
    doc = RenderedDocument.objects.filter(pk=pk).first()
    if doc is None:
        raise Http404
    _check_visible(request, doc.kind, doc.object_id, doc.data)
    return pdf_response(doc, inline=request.GET.get("xem") == "1")


def document_response(
    request: HttpRequest,
    *,
    kind: str,
    object_id: str | int,
    data: dict[str, Any] | None = None,
    inline: bool = False,
    title: str = "",
    back_url: str = "",
) -> HttpResponse:
    """What a PDF link answers: the stored PDF at once, else (202) a page that follows the job
    rendering it and shows the file when it is done. The caller has checked the permission.

    Renders nothing itself. Without REDIS_URL (in-process tasks, the demo) the job has run on
    commit, still inside this request, so the PDF is served at once.
    """
    result = request_document(kind=kind, object_id=object_id, data=data, actor=request.user)
    if isinstance(result, RenderJob):
        result.refresh_from_db()
        if result.status == RenderStatus.DONE:
            result = result.document
    if isinstance(result, RenderedDocument):
        return pdf_response(result, inline=inline)
    context = {"job": result, "title": title or _("Tệp PDF"), "back_url": back_url}
    return render(request, "documents/job.html", {**context, "preview": inline}, status=202)


def _visible_job(request: HttpRequest, pk: int) -> RenderJob:
    job = RenderJob.objects.select_related("document").filter(pk=pk).first()
    if job is None:
        raise Http404
    _check_visible(request, job.kind, job.object_id, job.data)
    return job


def _job_status(request: HttpRequest, job: RenderJob, *, preview: bool) -> HttpResponse:
    context = {"job": job, "preview": preview, "title": _("Tệp PDF")}
    if request.htmx:
        return render(request, "documents/job.html#job-status", context)
    return render(request, "documents/job.html", context)


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a render job stands; htmx polls it every second and swaps in the file when done."""
    return _job_status(request, _visible_job(request, pk), preview=request.GET.get("xem") == "1")


@login_required
@require_POST
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = retry_render_job(job=_visible_job(request, pk), actor=request.user)
    preview = request.POST.get("xem") == "1"
    if request.htmx:
        return _job_status(request, job, preview=preview)
    messages.success(request, _("Đã yêu cầu tạo lại tệp PDF."))
    url = f"{job.get_absolute_url()}?xem=1" if preview else job.get_absolute_url()
    return redirect(url)


def pdf_response(doc: RenderedDocument, *, inline: bool = False) -> FileResponse:
    response = FileResponse(
        doc.file.open("rb"),
        content_type="application/pdf",
        as_attachment=not inline,
        filename=doc.filename,
    )
    response["Content-Disposition"] = content_disposition(doc.filename, inline=inline)
    response["X-Content-SHA256"] = doc.sha256
    return response


@login_required
def register(request: HttpRequest, year: int) -> HttpResponse:
    """Sổ đăng ký văn bản đi of the person's authority for one year (authority staff only)."""
    user = request.user
    if not is_authority_staff(user):
        raise Http404
    entries = register_entries(authority=user.authority, year=year)
    # Only the years that have entries: no register is printed for the others.
    years = sorted(
        set(
            RegisterEntry.objects.filter(authority=user.authority)
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )
    return render(
        request,
        "documents/register.html",
        {
            "entries": entries,
            "year": year,
            "years": years,
            "book_id": f"{user.authority_id}-{year}",
            "has_entries": year in years,
        },
    )


@login_required
def register_pdf(request: HttpRequest, year: int) -> HttpResponse:
    if not is_authority_staff(request.user):
        raise Http404
    if not RegisterEntry.objects.filter(authority=request.user.authority, year=year).exists():
        raise Http404(_("Năm %(year)s chưa có văn bản nào trong sổ.") % {"year": year})
    return document_response(
        request,
        kind="register",
        object_id=f"{request.user.authority_id}-{year}",
        title=_("Sổ đăng ký văn bản đi năm %(year)s") % {"year": year},
        back_url=reverse("documents:register", args=[year]),
    )
