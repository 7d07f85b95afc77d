"""Pages after the signature. Thin: load (scoped by the selectors), check the permission
(rules.py), call one service. No PDF is rendered here: the worker makes the certificates while
the page polls their progress (htmx); downloads serve stored files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.workflow import TransitionError
from decisions.models import Decision
from documents.filenames import content_disposition, document_filename
from documents.views import document_response
from organizations.models import Authority

from .forms import PrintSettingsForm, SearchForm
from .models import CertificateBatch
from .selectors import (
    batch_progress,
    certificate_decisions,
    latest_batch,
    print_settings,
    public_awardees,
    revocation_notes,
    unit_certificate,
    unit_certificates,
)
from .services import (
    certificates_zip,
    publish_decision,
    save_print_settings,
    start_certificate_batch,
)

PUBLIC_PAGE_SIZE = 50


def _desk(request: HttpRequest) -> None:
    if not request.user.has_perm("awards.use_desk"):
        raise PermissionDenied(_("Chức năng này chỉ dành cho cán bộ Phòng Nội vụ và lãnh đạo."))


def _decision_for(request: HttpRequest, pk: int) -> Decision:
    _desk(request)
    decision = get_object_or_404(certificate_decisions(request.user), pk=pk)
    if not request.user.has_perm("awards.view_certificates", decision):
        raise Http404
    return decision


def _batch_for(request: HttpRequest, pk: int) -> CertificateBatch:
    _desk(request)
    batch = get_object_or_404(
        CertificateBatch.objects.select_related("decision__authority"),
        pk=pk,
        decision__in=certificate_decisions(request.user),
    )
    if not request.user.has_perm("awards.view_certificates", batch.decision):
        raise Http404
    return batch


def _file_response(field, filename: str, *, content_type: str = "application/pdf"):
    response = FileResponse(field.open("rb"), content_type=content_type, as_attachment=True)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    _desk(request)
    decisions = list(certificate_decisions(request.user)[:200])
    batches: dict[int, CertificateBatch] = {}
    for batch in CertificateBatch.objects.filter(decision__in=decisions).order_by("created_at"):
        batches[batch.decision_id] = batch
    for decision in decisions:
        decision.latest_batch = batches.get(decision.pk)
    return render(request, "awards/list.html", {"decisions": decisions})


def _progress_context(batch: CertificateBatch | None) -> dict:
    return {"batch": batch, "progress": batch_progress(batch) if batch else None}


@login_required
def decision_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    batch = latest_batch(decision)
    units = []
    if batch is not None and batch.is_done:
        units = list(
            batch.certificates.values("unit_id", "unit__name").order_by("unit__name").distinct()
        )
    context = {
        "decision": decision,
        "settings_row": print_settings(decision.authority),
        "units": units,
        "can_manage": request.user.has_perm("awards.manage_certificates", decision),
        "published": hasattr(decision, "publication"),
        **_progress_context(batch),
    }
    return render(request, "awards/decision.html", context)


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    try:
        start_certificate_batch(actor=request.user, decision=decision)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã bắt đầu in Giấy khen. Anh/chị có thể rời trang này và quay lại sau.")
        )
    return redirect("awards:decision", pk=decision.pk)


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    return render(request, "awards/decision.html#batch-progress", _progress_context(batch))


@login_required
def batch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_for(request, pk)
    if not batch.is_done:
        raise Http404
    decision = batch.decision
    name = document_filename(f"giay-khen-{decision.number:02d}-{decision.pk}", "tep-in")
    return _file_response(batch.file, name)


@login_required
def batch_unit_zip(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """A unit's certificates of a batch in one ZIP: Phòng Nội vụ any unit, a clerk his own."""
    batch = CertificateBatch.objects.filter(pk=pk, assembled_at__isnull=False).first()
    if batch is None:
        raise Http404
    if request.user.has_perm("awards.view_certificates", batch.decision):
        certificates = batch.certificates.filter(unit_id=unit_pk)
    elif request.user.unit_id == unit_pk:
        certificates = unit_certificates(request.user).filter(batch=batch)
    else:
        raise Http404
    certificates = list(certificates.select_related("line").order_by("line__order", "pk"))
    if not certificates:
        raise Http404
    content = certificates_zip(certificates)
    name = document_filename(
        f"giay-khen-{batch.decision.number:02d}", f"don-vi-{unit_pk}", ext="zip"
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition(name)
    return response


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """One awardee's Giấy khen: for the clerk of its unit only (another unit's: 404)."""
    certificate = unit_certificate(request.user, pk)
    if certificate is None or not request.user.has_perm("awards.download_certificate", certificate):
        raise Http404
    line = certificate.line
    name = document_filename(f"giay-khen-{line.register_number or 0:04d}", line.full_name)
    return _file_response(certificate.file, name)


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("awards.use_unit_desk"):
        raise PermissionDenied(_("Chức năng này chỉ dành cho cán bộ đơn vị."))
    certificates = list(unit_certificates(request.user)[:1000])
    batches: dict[int, CertificateBatch] = {}
    for certificate in certificates:
        batches.setdefault(certificate.batch_id, certificate.batch)
    return render(
        request,
        "awards/unit.html",
        {"certificates": certificates, "batches": list(batches.values())},
    )


@login_required
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    """One sheet with the current print settings (a render job: the worker makes it)."""
    decision = _decision_for(request, pk)
    return document_response(
        request,
        kind="certificate_sample",
        object_id=decision.pk,
        inline=True,
        title=_("In thử một Giấy khen"),
        back_url=reverse("awards:settings"),
    )


@login_required
def print_settings_view(request: HttpRequest) -> HttpResponse:
    authority = request.user.authority
    if authority is None or not request.user.has_perm("awards.manage_print_settings", authority):
        raise PermissionDenied(_("Chức năng này chỉ dành cho cán bộ Phòng Nội vụ."))
    current = print_settings(authority)
    form = PrintSettingsForm(
        request.POST or None,
        initial={
            "mode": current.mode,
            "offset_top_mm": current.offset_top_mm,
            "offset_left_mm": current.offset_left_mm,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_print_settings(actor=request.user, authority=authority, **form.cleaned_data)
        except TransitionError as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            if not exc.errors:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu cách in Giấy khen."))
            return redirect(request.get_full_path())
    decisions = list(certificate_decisions(request.user)[:20])
    return render(request, "awards/settings.html", {"form": form, "decisions": decisions})


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    try:
        publish_decision(actor=request.user, decision=decision)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã công khai danh sách khen thưởng của quyết định."))
    return redirect("awards:decision", pk=decision.pk)


def public_list(request: HttpRequest, authority_pk: int) -> HttpResponse:
    """The authority's public list of awardees: no login, public fields only."""
    authority = get_object_or_404(Authority, pk=authority_pk, is_active=True)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    rows = public_awardees(authority, query)
    page = Paginator(rows, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/public.html",
        {
            "authority": authority,
            "form": form,
            "query": query,
            "page": page,
            "notes": revocation_notes(authority),
        },
    )


# --- The proposal to the higher level --------------------------------------------------------


def _proposal_for(request: HttpRequest, pk: int):
    from .selectors import proposals_visible_to

    proposal = get_object_or_404(proposals_visible_to(request.user), pk=pk)
    if not request.user.has_perm("awards.view_proposal", proposal):
        raise Http404
    return proposal


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    from campaigns.selectors import campaigns_visible_to
    from organizations.enums import SIGNER_ROLES
    from organizations.models import User

    from .forms import ProposalDraftForm
    from .proposals import draft_higher_proposal
    from .selectors import proposals_visible_to

    _desk(request)
    signers = (
        User.objects.filter(
            authority_id=request.user.authority_id,
            is_active=True,
            role_assignments__role__in=SIGNER_ROLES,
        )
        .distinct()
        .order_by("full_name")
    )
    form = ProposalDraftForm(
        request.POST or None,
        campaigns=campaigns_visible_to(request.user).order_by("-created_at"),
        signers=signers,
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = draft_higher_proposal(actor=request.user, **form.cleaned_data)
        except TransitionError as exc:
            for field, errors in exc.errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            if not exc.errors:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lập dự thảo tờ trình."))
            return redirect("awards:proposal", pk=proposal.pk)
    proposals = list(proposals_visible_to(request.user).order_by("-created_at")[:100])
    return render(request, "awards/proposals.html", {"form": form, "proposals": proposals})


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from .forms import AnswerForm

    proposal = _proposal_for(request, pk)
    lines = list(proposal.lines.select_related("award_form").order_by("order", "pk"))
    return render(
        request,
        "awards/proposal.html",
        {
            "proposal": proposal,
            "lines": lines,
            "answer_form": AnswerForm(),
            "can_draft": request.user.has_perm("awards.draft_proposal", proposal),
        },
    )


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    from .proposals import submit_higher_proposal

    proposal = _proposal_for(request, pk)
    try:
        submit_higher_proposal(actor=request.user, proposal=proposal)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã trình ký tờ trình."))
    return redirect("awards:proposal", pk=proposal.pk)


@login_required
@require_POST
def proposal_answer(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    from .forms import AnswerForm
    from .proposals import record_higher_answer

    proposal = _proposal_for(request, pk)
    line = get_object_or_404(proposal.lines, pk=line_pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            record_higher_answer(
                actor=request.user,
                line=line,
                accepted=form.cleaned_data["accepted"],
                number=form.cleaned_data["number"],
                day=form.cleaned_data["day"],
            )
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã ghi kết quả của cấp trên."))
            return redirect("awards:proposal", pk=proposal.pk)
    lines = list(proposal.lines.select_related("award_form").order_by("order", "pk"))
    for other in lines:
        if other.pk == line.pk:
            other.bound_form = form
    return render(
        request,
        "awards/proposal.html",
        {
            "proposal": proposal,
            "lines": lines,
            "answer_form": AnswerForm(),
            "can_draft": request.user.has_perm("awards.draft_proposal", proposal),
        },
        status=200 if form.is_valid() else 400,
    )


@login_required
def proposal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_for(request, pk)
    return document_response(
        request,
        kind="higher_proposal",
        object_id=proposal.pk,
        title=_("Tờ trình đề nghị cấp trên khen thưởng"),
        back_url=reverse("awards:proposal", args=[proposal.pk]),
    )


@login_required
def proposal_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    from .proposals import dossier_bundle

    proposal = _proposal_for(request, pk)
    try:
        content = dossier_bundle(proposal)
    except TransitionError as exc:
        messages.error(request, exc.message)
        return redirect("awards:proposal", pk=proposal.pk)
    name = document_filename("ho-so-de-nghi", proposal.reference, ext="zip")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition(name)
    return response
