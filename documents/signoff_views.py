"""The signer's page (/ky-duyet/): what waits for his signature, its preview, approve or return."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.workflow import TransitionError

from .blocks import signature_lines
from .enums import SignOffStatus
from .forms import DecisionForm, ReturnForm
from .models import RenderedDocument, SignOffRequest
from .selectors import rendering_of, signoff_visible_to, signoffs_for_signer
from .services import approve_signoff, request_document, return_signoff, withdraw_signoff
from .signoff import get_provider
from .views import document_response

RECENT = 20


@login_required
def signoff_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("documents.use_signer_page"):
        raise PermissionDenied(_("Trang ký duyệt dành cho lãnh đạo và người được trình ký."))
    mine = signoffs_for_signer(request.user)
    return render(
        request,
        "documents/signoff_list.html",
        {
            "pending": list(mine.filter(status=SignOffStatus.PENDING).order_by("requested_at")),
            "decided": list(
                mine.exclude(status=SignOffStatus.PENDING).order_by("-decided_at", "-pk")[:RECENT]
            ),
        },
    )


def _visible(request: HttpRequest, pk: int) -> SignOffRequest:
    signoff = signoff_visible_to(request.user, pk)
    if signoff is None:
        raise Http404
    return signoff


def _detail(request: HttpRequest, signoff: SignOffRequest, *, status: int = 200, **forms_):
    provider = get_provider(signoff.kind)
    data = signoff.preview_data
    signature = data.get("signature") or {}
    lines = signature.get("lines") or signature_lines(
        form=signoff.signer_form,
        signer_title=signature.get("title", ""),
        capacity=signature.get("capacity", ""),
    )
    obj = provider.load(signoff.object_id)
    preview = rendering_of(kind=signoff.preview_kind, obj=obj, data=data)
    if signoff.is_pending and preview.document is None and preview.job is None:
        # The first look at the request writes its preview's render job; the page follows it.
        request_document(
            kind=signoff.preview_kind, object_id=signoff.object_id, data=data, actor=request.user
        )
        preview = rendering_of(kind=signoff.preview_kind, obj=obj, data=data)
    issued: RenderedDocument | None = None
    if signoff.register_entry_id and signoff.register_entry.document_id:
        issued = signoff.register_entry.document
    context = {
        "signoff": signoff,
        "provider": provider,
        "is_signer": request.user.pk == signoff.signer_id,
        "can_decide": signoff.is_pending
        and request.user.has_perm("documents.decide_signoff", signoff),
        # The signer's authority requires a two-factor code in this session before approving.
        "needs_two_factor": signoff.is_pending
        and request.user.has_perm("documents.decide_signoff", signoff)
        and not request.user.has_perm("documents.approve_signoff", signoff),
        "can_withdraw": signoff.is_pending
        and request.user.has_perm("documents.withdraw_signoff", signoff),
        "signature_lines": lines,
        "signer_name": signature.get("name") or signoff.signer.full_name,
        "preview_document": preview.document,
        "preview_job": preview.job,
        "issued_document": issued,
        "approve_form": forms_.get("approve_form")
        or DecisionForm(initial={"version": signoff.version}),
        "return_form": forms_.get("return_form")
        or ReturnForm(initial={"version": signoff.version}),
        "object_link": provider.link(provider.load(signoff.object_id)),
    }
    return render(request, "documents/signoff_detail.html", context, status=status)


@login_required
def signoff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@login_required
def signoff_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The text sent for signature as a PDF (a render job's file, never rendered here)."""
    signoff = _visible(request, pk)
    return document_response(
        request,
        kind=signoff.preview_kind,
        object_id=signoff.object_id,
        data=signoff.preview_data,
        inline=True,
        title=signoff.title,
        back_url=signoff.get_absolute_url(),
    )


@login_required
@require_POST
def signoff_approve(request: HttpRequest, pk: int) -> HttpResponse:
    signoff = _visible(request, pk)
    form = DecisionForm(request.POST)
    version = form.cleaned_data.get("version") if form.is_valid() else None
    try:
        signoff = approve_signoff(actor=request.user, signoff=signoff, expected_version=version)
    except TransitionError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(signoff.get_absolute_url())
    entry = signoff.register_entry
    if entry is not None:
        messages.success(
            request,
            _("Đã duyệt ký. Văn bản được cấp số %(ref)s.") % {"ref": entry.reference},
        )
    else:
        messages.success(request, _("Đã duyệt ký."))
    return redirect(signoff.get_absolute_url())


@login_required
@require_POST
def signoff_return(request: HttpRequest, pk: int) -> HttpResponse:
    signoff = _visible(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            return_signoff(
                actor=request.user,
                signoff=signoff,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data.get("version"),
            )
        except TransitionError as exc:
            if "reason" in exc.errors:
                form.add_error("reason", exc.errors["reason"])
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Đã trả lại văn bản cho người trình."))
            return redirect("signoff:list")
    return _detail(request, signoff, status=400, return_form=form)


@login_required
@require_POST
def signoff_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    signoff = _visible(request, pk)
    provider = get_provider(signoff.kind)
    try:
        withdraw_signoff(actor=request.user, signoff=signoff)
    except TransitionError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(signoff.get_absolute_url())
    messages.success(request, _("Đã rút lại văn bản trình ký."))
    return redirect(provider.link(provider.load(signoff.object_id)))
