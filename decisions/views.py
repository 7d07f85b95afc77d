"""Phòng Nội vụ drafts decisions here; the signer returns, signs or uploads his own signed PDF.
Thin views: load (scoped by the selectors), check the permission (rules.py), call one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.workflow import TransitionError
from campaigns.selectors import campaigns_visible_to
from documents.services import pending_signoff
from documents.views import document_response

from .enums import DecisionAction
from .forms import CorrectionForm, DecisionEditForm, DraftForm, ReturnForm, SignedUploadForm
from .models import Decision
from .selectors import (
    awardable_nominees,
    decisions_visible_to,
    lines_of,
)
from .services import (
    SIGNOFF_KIND,
    accept_signed_upload,
    draft_correction,
    draft_decisions,
    request_signing,
    submit_decision,
    update_decision,
)
from .workflow import DECISION_WORKFLOW


def _decision_for(request: HttpRequest, pk: int) -> Decision:
    decision = get_object_or_404(decisions_visible_to(request.user), pk=pk)
    if not request.user.has_perm("decisions.view_decision", decision):
        raise Http404
    return decision


def _refused(request: HttpRequest, exc: TransitionError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _add_errors(form, exc: TransitionError) -> None:
    for field, errors in exc.errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    if not exc.errors:
        form.add_error(None, exc.message)


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("decisions.use_desk"):
        raise PermissionDenied(_("Chức năng này chỉ dành cho cán bộ Phòng Nội vụ."))
    decisions = decisions_visible_to(request.user).order_by("-created_at", "-pk")[:200]
    campaigns = campaigns_visible_to(request.user).order_by("-created_at")[:50]
    return render(request, "decisions/list.html", {"decisions": decisions, "campaigns": campaigns})


@login_required
def decision_draft(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    if not request.user.has_perm("decisions.use_desk"):
        raise PermissionDenied(_("Chức năng này chỉ dành cho cán bộ Phòng Nội vụ."))
    campaign = get_object_or_404(campaigns_visible_to(request.user), pk=campaign_pk)
    form = DraftForm(request.POST or None, authority_id=campaign.authority_id)
    if request.method == "POST" and form.is_valid():
        try:
            decisions, warnings = draft_decisions(
                actor=request.user,
                campaign=campaign,
                signer=form.cleaned_data["signer"],
                grouping=form.cleaned_data["grouping"],
                list_order=form.cleaned_data["list_order"],
                proposal_text=form.cleaned_data["proposal_text"],
                extra_bases=form.cleaned_data["extra_bases"],
            )
        except TransitionError as exc:
            _add_errors(form, exc)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, _("Đã lập %(n)s dự thảo quyết định.") % {"n": len(decisions)})
            return redirect("decisions:detail", decisions[0].pk)
    nominees = awardable_nominees(campaign)[:500]
    return render(
        request,
        "decisions/draft.html",
        {"campaign": campaign, "form": form, "nominees": nominees},
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    user = request.user
    actions = {a: DECISION_WORKFLOW.can(user, decision, a) for a in DecisionAction.values}
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "lines": list(lines_of(decision).prefetch_related("revoked_by__decision")),
            "corrections": list(decision.corrections.all().order_by("pk")),
            "can": actions,
            "can_edit": decision.is_editable
            and user.has_perm("decisions.draft_decision", decision),
            "can_correct": decision.is_issued
            and user.has_perm("decisions.draft_decision", decision),
            "return_form": ReturnForm(),
            "upload_form": SignedUploadForm(),
            "signoff": pending_signoff(kind=SIGNOFF_KIND, object_id=decision.pk),
        },
    )


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    if not request.user.has_perm("decisions.draft_decision", decision):
        raise PermissionDenied(_("Anh/chị không có quyền sửa quyết định này."))
    if not decision.is_editable:
        messages.error(request, _("Quyết định đã trình ký hoặc đã ban hành: không sửa được."))
        return redirect("decisions:detail", decision.pk)
    form = DecisionEditForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            update_decision(
                actor=request.user,
                decision=decision,
                expected_version=form.cleaned_data["version"],
                data=form.service_data(),
            )
        except TransitionError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu dự thảo quyết định."))
            return redirect("decisions:detail", decision.pk)
    return render(request, "decisions/edit.html", {"decision": decision, "form": form})


@login_required
@require_POST
def decision_submit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    try:
        submit_decision(actor=request.user, decision=decision)
    except TransitionError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã trình ký quyết định."))
    return redirect("decisions:detail", decision.pk)


def _pending_signoff(request: HttpRequest, decision: Decision):
    signoff = pending_signoff(kind=SIGNOFF_KIND, object_id=decision.pk)
    if signoff is None:
        messages.error(request, _("Quyết định không chờ ký."))
    return signoff


@login_required
@require_POST
def decision_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The signer's return from the decision page: the same as from his signing page."""
    from documents.services import return_signoff

    decision = _decision_for(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vui lòng ghi ý kiến để người soạn chỉnh sửa."))
        return redirect("decisions:detail", decision.pk)
    signoff = _pending_signoff(request, decision)
    if signoff is not None:
        try:
            return_signoff(actor=request.user, signoff=signoff, reason=form.cleaned_data["comment"])
        except TransitionError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Đã trả lại quyết định để chỉnh sửa."))
    return redirect("decisions:detail", decision.pk)


def _approve(request: HttpRequest, pk: int, *, token: bool) -> HttpResponse:
    """The signer's approval from the decision page: the same as from his signing page; once
    approved (a sign-off that failed in the worker), it asks the worker again."""
    from documents.services import approve_signoff

    decision = _decision_for(request, pk)
    signoff = pending_signoff(kind=SIGNOFF_KIND, object_id=decision.pk)
    try:
        if signoff is not None:
            approve_signoff(actor=request.user, signoff=signoff, data={"token": token})
        else:
            request_signing(actor=request.user, decisions=[decision], token=token)
    except TransitionError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Đang cấp số và tạo bản PDF để ký bằng thiết bị của anh/chị.")
            if token
            else _("Đang cấp số, tạo bản PDF và ký số quyết định."),
        )
    return redirect("decisions:detail", decision.pk)


@login_required
@require_POST
def decision_sign(request: HttpRequest, pk: int) -> HttpResponse:
    return _approve(request, pk, token=False)


@login_required
@require_POST
def decision_number_for_token(request: HttpRequest, pk: int) -> HttpResponse:
    return _approve(request, pk, token=True)


@login_required
@require_POST
def decision_upload_signed(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    form = SignedUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            accept_signed_upload(
                actor=request.user, decision=decision, content=form.cleaned_data["file"].read()
            )
        except TransitionError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã nhận bản quyết định đã ký số."))
            return redirect("decisions:detail", decision.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("decisions:detail", decision.pk)


@login_required
def decision_correct(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_for(request, pk)
    if not request.user.has_perm("decisions.draft_decision", decision):
        raise PermissionDenied(_("Anh/chị không có quyền lập quyết định sửa đổi, hủy bỏ."))
    form = CorrectionForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            correction = draft_correction(
                actor=request.user,
                target=decision,
                purpose=form.cleaned_data["purpose"],
                signer=form.cleaned_data["signer"],
                lines=form.cleaned_data["lines"],
                amendment_text=form.cleaned_data["amendment_text"],
            )
        except TransitionError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Đã lập dự thảo quyết định."))
            return redirect("decisions:detail", correction.pk)
    return render(request, "decisions/correct.html", {"decision": decision, "form": form})


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed PDF once signed (the record); else the draft or numbered PDF through a job."""
    decision = _decision_for(request, pk)
    inline = request.GET.get("xem") == "1"
    if decision.signed_file:
        response = FileResponse(
            decision.signed_file.open("rb"),
            content_type="application/pdf",
            as_attachment=not inline,
            filename=f"quyet-dinh-{decision.number:02d}-{decision.pk}-da-ky.pdf",
        )
        return response
    return document_response(
        request,
        kind="decision",
        object_id=decision.pk,
        inline=inline,
        title=decision.title,
        back_url=decision.get_absolute_url(),
    )
