"""Phòng Nội vụ's desk: thin views over the appraisal selectors and services."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.workflow import TransitionError
from campaigns.models import Campaign
from documents.filenames import content_disposition, upload_filename
from documents.services import pending_signoff
from documents.views import document_response
from nominations.documents import dossier_file_name, report_file_name
from nominations.enums import APPRAISAL_STATUSES, DossierStatus
from nominations.models import Attachment, Dossier, Nominee
from nominations.selectors import dossiers_visible_to

from .documents import draft_report_data
from .forms import (
    AppraiseNomineeForm,
    InboxFilterForm,
    IssueReportForm,
    RejectDossierForm,
    ReturnDossierForm,
    VersionForm,
)
from .models import Appraisal, AppraisalReport
from .selectors import (
    appraisal_inbox,
    changes_since_return,
    dossier_timeline,
    due_window,
    inbox_status_counts,
    nominee_contexts,
)
from .services import (
    APPRAISAL_REPORT_SIGNOFF,
    appraise_nominee,
    forward_dossier,
    issue_appraisal_report,
    receive_dossier,
    reject_dossier,
    report_draft_hash,
    return_dossier,
    send_appraisal_report_for_signature,
)

PAGE_SIZE = 25
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")


def _require_appraiser(request: HttpRequest) -> None:
    if not request.user.has_perm("appraisal.use_desk"):
        raise PermissionDenied(
            _("Chức năng này chỉ dành cho cán bộ thẩm định (Phòng Nội vụ) của cơ quan.")
        )


def _dossier_for(request: HttpRequest, pk: int) -> Dossier:
    return get_object_or_404(dossiers_visible_to(request.user), pk=pk)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _require_appraiser(request)
    form = InboxFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    window = due_window(request.user)
    base = appraisal_inbox(
        request.user,
        campaign=filters.get("campaign"),
        unit=filters.get("unit"),
        unit_kind=filters.get("unit_kind"),
        award_form=filters.get("award_form"),
        due=filters.get("due", ""),
        q=filters.get("q", ""),
        sort=filters.get("sort") or "submitted",
        window=window,
    )
    counts = inbox_status_counts(base)
    status = filters.get("status", "")
    rows = base.filter(status=status) if status else base
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for dossier in page.object_list:
        dossier.due_state = window.state(dossier)
    params = request.GET.copy()
    params.pop("page", None)
    status_tabs = []
    for value, label in [("", _("Tất cả"))] + [
        c for c in DossierStatus.choices if c[0] != DossierStatus.DRAFT
    ]:
        tab_params = params.copy()
        tab_params["status"] = value
        count = sum(counts.values()) if not value else counts.get(value, 0)
        status_tabs.append((value, label, count, tab_params.urlencode()))
    return render(
        request,
        "appraisal/inbox.html",
        {
            "form": form,
            "page": page,
            "status_tabs": status_tabs,
            "total": sum(counts.values()),
            "current_status": status,
            "querystring": params.urlencode(),
            "window": window,
        },
    )


def _dossier_page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    bound: AppraiseNomineeForm | None = None,
    return_form: ReturnDossierForm | None = None,
    reject_form: RejectDossierForm | None = None,
    status: int = 200,
) -> HttpResponse:
    nominees = list(
        Nominee.objects.filter(dossier=dossier)
        .select_related("award_offer__award_form", "ethnicity", "dossier__campaign")
        .prefetch_related(
            "attachments",
            Prefetch(
                "appraisals",
                queryset=Appraisal.objects.select_related(
                    "appraiser", "award_offer_before__award_form", "award_offer_after__award_form"
                ).order_by("-pk"),
            ),
        )
    )
    contexts = nominee_contexts(dossier, nominees)
    can_appraise = dossier.status in APPRAISAL_STATUSES
    for nominee in nominees:
        history = list(nominee.appraisals.all())
        nominee.latest_appraisal = history[0] if history else None
        nominee.ctx = contexts[nominee.pk]
        if bound is not None and bound.nominee.pk == nominee.pk:
            nominee.form = bound
        else:
            latest = nominee.latest_appraisal
            initial = {
                "verdict": latest.verdict if latest else "",
                "reason": latest.reason if latest else "",
                "award_offer": nominee.award_offer_id,
                "expected_appraisal_id": latest.pk if latest else 0,
            }
            if latest:
                initial.update({f"check_{k}": v for k, v in latest.checklist.items()})
            nominee.form = AppraiseNomineeForm(initial=initial, nominee=nominee)
    dossier_files = [a for a in dossier.attachments.all() if a.nominee_id is None]
    context = {
        "dossier": dossier,
        "nominees": nominees,
        "dossier_files": dossier_files,
        "can_appraise": can_appraise,
        "changes": changes_since_return(dossier),
        "timeline": dossier_timeline(dossier, [n.pk for n in nominees]),
        "return_form": return_form or ReturnDossierForm(initial={"version": dossier.version}),
        "reject_form": reject_form or RejectDossierForm(initial={"version": dossier.version}),
        "due_state": due_window(request.user).state(dossier),
        "statuses": DossierStatus,
    }
    return render(request, "appraisal/dossier.html", context, status=status)


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_appraiser(request)
    return _dossier_page(request, _dossier_for(request, pk))


def _act(request: HttpRequest, pk: int, action: Callable[[Dossier], str]) -> HttpResponse:
    """Run one service for a POST on a dossier; refusals become messages, never errors."""
    _require_appraiser(request)
    dossier = _dossier_for(request, pk)
    try:
        messages.success(request, action(dossier))
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("appraisal:dossier", pk=dossier.pk)


def _version(request: HttpRequest) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data.get("version") if form.is_valid() else None


@login_required
@require_POST
def dossier_receive(request: HttpRequest, pk: int) -> HttpResponse:
    def run(dossier: Dossier) -> str:
        receive_dossier(actor=request.user, dossier=dossier, expected_version=_version(request))
        return _("Đã tiếp nhận hồ sơ, số đến %(number)s, hạn xử lý %(due)s.") % {
            "number": dossier.incoming_number,
            "due": dossier.due_date.strftime("%d/%m/%Y"),
        }

    return _act(request, pk, run)


@login_required
@require_POST
def dossier_forward(request: HttpRequest, pk: int) -> HttpResponse:
    def run(dossier: Dossier) -> str:
        forward_dossier(actor=request.user, dossier=dossier, expected_version=_version(request))
        return _("Đã chuyển hồ sơ đến Hội đồng Thi đua - Khen thưởng.")

    return _act(request, pk, run)


def _act_with_form(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    form_name: str,
    invalid_message: str,
    run: Callable[[Dossier, dict], str],
) -> HttpResponse:
    """A dossier action that needs a reason: an invalid form or a refusal re-renders the dossier
    page with the form as typed (400); success is a message and a redirect."""
    _require_appraiser(request)
    dossier = _dossier_for(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            messages.success(request, run(dossier, form.cleaned_data))
        except TransitionError as exc:
            form.add_error(None, str(exc))
            messages.error(request, str(exc))
        else:
            return redirect("appraisal:dossier", pk=dossier.pk)
    else:
        messages.error(request, invalid_message)
    return _dossier_page(request, dossier, status=400, **{form_name: form})


@login_required
@require_POST
def dossier_return(request: HttpRequest, pk: int) -> HttpResponse:
    def run(dossier: Dossier, data: dict) -> str:
        return_dossier(
            actor=request.user,
            dossier=dossier,
            reason=data["reason"],
            correction_deadline=data["correction_deadline"],
            expected_version=data.get("version"),
        )
        return _("Đã trả lại hồ sơ cho đơn vị để bổ sung.")

    return _act_with_form(
        request,
        pk,
        form_class=ReturnDossierForm,
        form_name="return_form",
        invalid_message=_("Chưa thể trả lại hồ sơ: vui lòng kiểm tra các ô được đánh dấu."),
        run=run,
    )


@login_required
@require_POST
def dossier_reject(request: HttpRequest, pk: int) -> HttpResponse:
    def run(dossier: Dossier, data: dict) -> str:
        reject_dossier(
            actor=request.user,
            dossier=dossier,
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return _("Đã ghi nhận không tiếp nhận hồ sơ và thông báo cho đơn vị.")

    return _act_with_form(
        request,
        pk,
        form_class=RejectDossierForm,
        form_name="reject_form",
        invalid_message=_("Chưa thể từ chối hồ sơ: vui lòng ghi lý do."),
        run=run,
    )


@login_required
@require_POST
def nominee_appraise(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    _require_appraiser(request)
    dossier = _dossier_for(request, pk)
    nominee = get_object_or_404(
        Nominee.objects.select_related("dossier", "award_offer"), pk=nominee_pk, dossier=dossier
    )
    form = AppraiseNomineeForm(request.POST, nominee=nominee)
    if not form.is_valid():
        messages.error(
            request,
            _("Chưa ghi được kết luận cho “%(name)s”: vui lòng kiểm tra các ô được đánh dấu.")
            % {"name": nominee.full_name},
        )
        return _dossier_page(request, dossier, bound=form, status=400)
    data = form.cleaned_data
    try:
        appraise_nominee(
            actor=request.user,
            nominee=nominee,
            verdict=data["verdict"],
            reason=data.get("reason", ""),
            checklist=form.checklist(),
            award_offer=data.get("award_offer"),
            award_change_reason=data.get("award_change_reason", ""),
            expected_appraisal_id=data.get("expected_appraisal_id"),
        )
    except TransitionError as exc:
        form.add_error(None, str(exc))
        messages.error(request, str(exc))
        return _dossier_page(request, dossier, bound=form, status=400)
    messages.success(
        request,
        _("Đã ghi kết luận “%(verdict)s” cho %(name)s.")
        % {"verdict": nominee.get_status_display(), "name": nominee.full_name},
    )
    return redirect(f"{dossier_url(dossier)}#nominee-{nominee.pk}")


def dossier_url(dossier: Dossier) -> str:
    from django.urls import reverse

    return reverse("appraisal:dossier", args=[dossier.pk])


@login_required
def dossier_timeline_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier's full timeline: readable by its unit's clerks and by the authority's staff."""
    dossier = _dossier_for(request, pk)
    return render(
        request,
        "appraisal/timeline_page.html",
        {"dossier": dossier, "timeline": dossier_timeline(dossier)},
    )


def _serve(field_file, *, content_type: str = "", filename: str = "") -> FileResponse:
    if not field_file:
        raise Http404(_("Không có tệp."))
    name = filename or PurePath(field_file.name).name
    content_type = content_type or mimetypes.guess_type(field_file.name)[0] or ""
    inline = content_type in INLINE_TYPES
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("Không tìm thấy tệp.")) from exc
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition(
        upload_filename(name), inline=inline, original=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment_file(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(
        Attachment.objects.filter(dossier__in=dossiers_visible_to(request.user)), pk=pk
    )
    return _serve(
        attachment.file, content_type=attachment.content_type, filename=attachment.original_name
    )


@login_required
def dossier_file(request: HttpRequest, pk: int, which: str) -> FileResponse:
    dossier = _dossier_for(request, pk)
    fields = {"to-trinh": dossier.letter_file, "bien-ban": dossier.minutes_file}
    if which not in fields:
        raise Http404
    field_file = fields[which]
    return _serve(field_file, filename=dossier_file_name(dossier, which, field_file.name))


@login_required
def nominee_report_file(request: HttpRequest, pk: int) -> FileResponse:
    nominee = get_object_or_404(
        Nominee.objects.filter(dossier__in=dossiers_visible_to(request.user)), pk=pk
    )
    return _serve(nominee.report_file, filename=report_file_name(nominee, nominee.report_file.name))


def _report_campaign(request: HttpRequest, campaign_pk: int) -> Campaign:
    """The campaign of the person's authority whose report he may read (404 otherwise: a
    clerk does not learn that it exists)."""
    campaign = get_object_or_404(
        Campaign.objects.select_related("authority", "appraising_unit__head"),
        pk=campaign_pk,
        authority_id=request.user.authority_id,
    )
    if not request.user.has_perm("appraisal.view_report", campaign):
        raise PermissionDenied(
            _(
                "Báo cáo thẩm định chỉ dành cho cán bộ thẩm định, người đứng đầu cơ quan thẩm "
                "định, thành viên Hội đồng và lãnh đạo của cơ quan."
            )
        )
    return campaign


@login_required
def appraisal_report(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """Báo cáo thẩm định of a campaign: once issued, its frozen PDF; before, the draft of the
    current data, for the appraisers and the office's head (kind "appraisal_report")."""
    campaign = _report_campaign(request, campaign_pk)
    issued = AppraisalReport.objects.filter(campaign=campaign).exists()
    if not issued and not request.user.has_perm("appraisal.view_report_draft", campaign):
        return render(
            request,
            "appraisal/report_page.html",
            {"campaign": campaign, "report": None, "can_draft": False},
            status=404,
        )
    return document_response(
        request,
        kind="appraisal_report",
        object_id=campaign.pk,
        inline=True,
        title=_("Báo cáo thẩm định của kế hoạch “%(title)s”") % {"title": campaign.title},
        back_url=reverse("appraisal:report_page", args=[campaign.pk]),
    )


@login_required
def appraisal_report_page(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """Where the report stands: the draft to read, the head's issue form; the issued number,
    date and signer."""
    campaign = _report_campaign(request, campaign_pk)
    report = (
        AppraisalReport.objects.select_related("entry", "issued_by")
        .filter(campaign=campaign)
        .first()
    )
    can_draft = request.user.has_perm("appraisal.view_report_draft", campaign)
    can_issue = report is None and request.user.has_perm("appraisal.issue_report", campaign)
    pending = None
    if report is None:
        pending = pending_signoff(kind=APPRAISAL_REPORT_SIGNOFF, object_id=campaign.pk)
    can_send = report is None and pending is None and can_draft and not can_issue
    if request.method == "POST" and request.POST.get("action") == "send":
        try:
            send_appraisal_report_for_signature(actor=request.user, campaign=campaign)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Đã trình ký báo cáo: chờ %(name)s duyệt ký.")
                % {"name": campaign.appraising_unit.head.full_name},
            )
        return redirect("appraisal:report_page", campaign.pk)
    form = IssueReportForm(request.POST or None) if can_issue else None
    if request.method == "POST":
        if not can_issue:
            raise PermissionDenied(
                _("Chỉ người đứng đầu cơ quan thẩm định mới được ban hành báo cáo.")
            )
        if form.is_valid():
            try:
                report = issue_appraisal_report(
                    actor=request.user,
                    campaign=campaign,
                    seen_hash=form.cleaned_data["seen_hash"],
                )
            except TransitionError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Đã ban hành Báo cáo số %(ref)s.") % {"ref": report.entry.reference},
                )
                return redirect("appraisal:report_page", campaign.pk)
    seen_hash = ""
    if can_issue:
        seen_hash = report_draft_hash(draft_report_data(campaign))
        if form is not None and not form.is_bound:
            form = IssueReportForm(initial={"seen_hash": seen_hash})
    return render(
        request,
        "appraisal/report_page.html",
        {
            "campaign": campaign,
            "report": report,
            "office": campaign.appraising_unit,
            "can_draft": can_draft,
            "can_issue": can_issue,
            "can_send": can_send,
            "pending": pending,
            "form": form,
        },
    )
