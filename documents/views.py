from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest

from .kinds import UnknownKind, get_kind
from .models import RenderedDocument


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
