from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from organizations.selectors import is_authority_staff

from .kinds import UnknownKind, get_kind
from .models import RegisterEntry, RenderedDocument
from .selectors import register_entries
from .services import render_document


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    """A stored rendering, for whoever may see the object it was made from."""
    doc = RenderedDocument.objects.filter(pk=pk).first()
    if doc is None:
        raise Http404
    try:
        spec = get_kind(doc.kind)
        obj = spec.load(doc.object_id)
    except (UnknownKind, ObjectDoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not spec.can_view(request.user, obj):
        raise Http404
    return pdf_response(doc)


def pdf_response(doc: RenderedDocument, *, inline: bool = False) -> FileResponse:
    response = FileResponse(
        doc.file.open("rb"),
        content_type="application/pdf",
        as_attachment=not inline,
        filename=doc.filename,
    )
    response["X-Content-SHA256"] = doc.sha256
    return response


@login_required
def register(request: HttpRequest, year: int) -> HttpResponse:
    """Sổ đăng ký văn bản đi of the person's authority for one year (authority staff only)."""
    user = request.user
    if not is_authority_staff(user):
        raise Http404
    entries = register_entries(authority=user.authority, year=year)
    years = sorted(
        {
            *RegisterEntry.objects.filter(authority=user.authority).values_list("year", flat=True),
            year,
        },
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
        },
    )


@login_required
def register_pdf(request: HttpRequest, year: int) -> FileResponse:
    if not is_authority_staff(request.user):
        raise Http404
    doc = render_document(kind="register", object_id=f"{request.user.authority_id}-{year}")
    return pdf_response(doc)
