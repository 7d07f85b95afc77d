"""Phòng Nội vụ's desk: thin views over the appraisal selectors and services."""

from __future__ import annotations

import mimetypes
import re
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
from nominations.enums import APPRAISAL_STATUSES, DossierStatus, NomineeStatus
from nominations.models import Attachment, Dossier, Nominee
from nominations.selectors import dossiers_visible_to

from .documents import draft_report_data
from .exports import XLSX_TYPE, inbox_workbook
from .forms import (
    AppraiseNomineeForm,
    InboxFilterForm,
    IssueReportForm,
    RejectDossierForm,
    ReturnDossierForm,
    VersionForm,
    campaign_offers,
)
from .models import Appraisal, AppraisalReport
from .selectors import (
    appraisal_inbox,
    changes_since_return,
    dossier_timeline,
    due_window,
    inbox_status_counts,
    matching_units,
    nominee_contexts,
)
from .services import (
    APPRAISAL_REPORT_SIGNOFF,
    appraise_nominee,
    appraise_remaining_eligible,
    forward_dossier,
    issue_appraisal_report,
    receive_dossier,
    reject_dossier,
    report_draft_hash,
    return_dossier,
    send_appraisal_report_for_signature,
)

PAGE_SIZE = 25
# Nominee cards per page of the appraisal page, and timeline entries shown under them (the whole
# timeline has its own page).
NOMINEE_PAGE_SIZE = 20
TIMELINE_LIMIT = 50
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")


def _require_appraiser(request: HttpRequest) -> None:
    if not request.user.has_perm("appraisal.use_desk"):
        raise PermissionDenied(
            _("Chức năng này chỉ dành cho cán bộ thẩm định (Phòng Nội vụ) của cơ quan.")
        )


def _dossier_for(request: HttpRequest, pk: int) -> Dossier:
    return get_object_or_404(dossiers_visible_to(request.user), pk=pk)


class _CountedPaginator(Paginator):
    """A paginator told its count: the inbox counts its dossiers per status once (the tabs), so
    the pagination needs no second count over the same filtered query."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


def _inbox_rows(request: HttpRequest, form: InboxFilterForm):
    """The inbox's rows as filtered (without the status filter) and the status asked for. A
    filter that was refused (a unit not found) shows no rows, beside its error."""
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
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
    status = filters.get("status", "")
    if "unit" in form.errors:
        base = base.none()
    return base, status, window


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _require_appraiser(request)
    form = InboxFilterForm(request.GET or None, user=request.user)
    base, status, window = _inbox_rows(request, form)
    counts = inbox_status_counts(base)
    rows = base.filter(status=status) if status else base
    total = sum(counts.values())
    count = counts.get(status, 0) if status else total
    page = _CountedPaginator(rows, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
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
        tab_count = total if not value else counts.get(value, 0)
        status_tabs.append((value, label, tab_count, tab_params.urlencode()))
    return render(
        request,
        "appraisal/inbox.html",
        {
            "form": form,
            "page": page,
            "status_tabs": status_tabs,
            "total": total,
            "current_status": status,
            "querystring": params.urlencode(),
            "window": window,
        },
    )


@login_required
def inbox_export(request: HttpRequest) -> HttpResponse:
    """The inbox as filtered on the page (every page of it) as an Excel workbook."""
    _require_appraiser(request)
    form = InboxFilterForm(request.GET or None, user=request.user)
    base, status, window = _inbox_rows(request, form)
    rows = base.filter(status=status) if status else base
    content = inbox_workbook(rows, window=window)
    filename = f"ho-so-den_{window.today:%Y-%m-%d}.xlsx"
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def unit_options(request: HttpRequest) -> HttpResponse:
    """Suggestions for the inbox's unit box, as the appraiser types (at most 20)."""
    _require_appraiser(request)
    form = InboxFilterForm(user=request.user)
    campaign = None
    campaign_id = request.GET.get("campaign", "")
    if re.fullmatch(r"[0-9]{1,11}", campaign_id):
        campaign = form.fields["campaign"].queryset.filter(pk=int(campaign_id)).first()
    units = matching_units(request.user, request.GET.get("unit", "")[:100], campaign=campaign)
    return render(request, "appraisal/_unit_options.html", {"units": units})


def _nominee_page(dossier: Dossier, number: str | int | None):
    """One page of the dossier's nominees (a 2,000-nominee dossier is never one page): the
    nominees are counted once, the page's rows loaded with what the cards show."""
    rows = Nominee.objects.filter(dossier=dossier).order_by("order", "pk")
    paginator = Paginator(rows, NOMINEE_PAGE_SIZE)
    page = paginator.get_page(number)
    return page


def _prepare_nominees(
    dossier: Dossier, page, *, bound: AppraiseNomineeForm | None = None
) -> list[Nominee]:
    """The page's nominees with their current verdict, duplicates/history and a verdict form.
    A constant number of queries whatever the number of nominees: the award offers are loaded
    once, the duplicates are matched by the database (selectors.nominee_contexts)."""
    ids = [n.pk for n in page.object_list]
    nominees = list(
        Nominee.objects.filter(pk__in=ids)
        .select_related("award_offer__award_form", "ethnicity", "dossier__campaign")
        .prefetch_related(
            "attachments",
            Prefetch(
                "appraisals",
                queryset=Appraisal.objects.filter(is_current=True).select_related(
                    "appraiser", "award_offer_before__award_form", "award_offer_after__award_form"
                ),
                to_attr="current_appraisals",
            ),
        )
        .order_by("order", "pk")
    )
    offers = campaign_offers(dossier.campaign_id)
    contexts = nominee_contexts(dossier, nominees)
    for number, nominee in enumerate(nominees, start=page.start_index()):
        nominee.number = number
        nominee.latest_appraisal = (
            nominee.current_appraisals[0] if nominee.current_appraisals else None
        )
        nominee.ctx = contexts[nominee.pk]
        if bound is not None and bound.nominee.pk == nominee.pk:
            nominee.form = bound
        else:
            nominee.form = _fresh_form(nominee, offers)
    return nominees


def _fresh_form(nominee: Nominee, offers) -> AppraiseNomineeForm:
    latest = nominee.latest_appraisal
    initial = {
        "verdict": latest.verdict if latest else "",
        # The reason shown is the current verdict's own (none for "eligible").
        "reason": latest.reason if latest and latest.verdict != "eligible" else "",
        "award_offer": nominee.award_offer_id,
        "expected_appraisal_id": latest.pk if latest else 0,
    }
    if latest:
        initial.update({f"check_{k}": v for k, v in latest.checklist.items()})
    return AppraiseNomineeForm(initial=initial, nominee=nominee, offers=offers)


def _remaining(dossier: Dossier) -> int:
    return Nominee.objects.filter(dossier=dossier, status=NomineeStatus.PENDING).count()


def _desk_context(request: HttpRequest, dossier: Dossier) -> dict:
    """What the header, the action bar and the "all remaining eligible" button need."""
    return {
        "dossier": dossier,
        "can_appraise": dossier.status in APPRAISAL_STATUSES,
        "statuses": DossierStatus,
        "due_state": due_window(request.user).state(dossier),
        "remaining": _remaining(dossier),
        "return_form": ReturnDossierForm(initial={"version": dossier.version}),
        "reject_form": RejectDossierForm(initial={"version": dossier.version}),
    }


def _dossier_page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    bound: AppraiseNomineeForm | None = None,
    return_form: ReturnDossierForm | None = None,
    reject_form: RejectDossierForm | None = None,
    status: int = 200,
) -> HttpResponse:
    number = request.GET.get("page") or request.POST.get("page")
    if bound is not None and not number:
        position = Nominee.objects.filter(dossier=dossier, order__lt=bound.nominee.order).count()
        number = position // NOMINEE_PAGE_SIZE + 1
    page = _nominee_page(dossier, number)
    nominees = _prepare_nominees(dossier, page, bound=bound)
    dossier_files = [a for a in dossier.attachments.all() if a.nominee_id is None]
    timeline = list(dossier_timeline(dossier).reverse()[: TIMELINE_LIMIT + 1])[::-1]
    context = {
        **_desk_context(request, dossier),
        "nominees": nominees,
        "nominee_page": page,
        "dossier_files": dossier_files,
        "changes": changes_since_return(dossier),
        "timeline": timeline[-TIMELINE_LIMIT:],
        "timeline_cut": len(timeline) > TIMELINE_LIMIT,
    }
    if return_form is not None:
        context["return_form"] = return_form
    if reject_form is not None:
        context["reject_form"] = reject_form
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
    """Save one verdict. From the page's htmx form: answers with the nominee's verdict block
    (the error next to its field, or the saved verdict) and, out of band, the dossier's status,
    action bar and remaining count; without htmx: the whole page (400) or a redirect."""
    _require_appraiser(request)
    dossier = _dossier_for(request, pk)
    nominee = get_object_or_404(
        Nominee.objects.select_related("dossier", "award_offer"), pk=nominee_pk, dossier=dossier
    )
    offers = campaign_offers(dossier.campaign_id)
    form = AppraiseNomineeForm(request.POST, nominee=nominee, offers=offers)
    saved = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = appraise_nominee(
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
            for name in exc.errors or {}:
                if name in form.fields:
                    form.add_error(name, str(exc))
                    break
            else:
                form.add_error(None, str(exc))
    if request.htmx:
        return _verdict_fragment(request, dossier.pk, nominee.pk, form=form, saved=saved)
    if saved is None:
        messages.error(
            request,
            _("Chưa ghi được kết luận cho “%(name)s”: vui lòng kiểm tra các ô được đánh dấu.")
            % {"name": nominee.full_name},
        )
        return _dossier_page(request, dossier, bound=form, status=400)
    nominee.refresh_from_db()
    messages.success(request, _saved_message(nominee))
    page = request.POST.get("page", "")
    query = f"?page={page}" if re.fullmatch(r"[0-9]{1,6}", page) else ""
    return redirect(f"{dossier_url(dossier)}{query}#nominee-{nominee.pk}")


def _saved_message(nominee: Nominee) -> str:
    return _("Đã ghi kết luận “%(verdict)s” cho %(name)s.") % {
        "verdict": nominee.get_status_display(),
        "name": nominee.full_name,
    }


def _verdict_fragment(
    request: HttpRequest, dossier_pk: int, nominee_pk: int, *, form, saved
) -> HttpResponse:
    dossier = _dossier_for(request, dossier_pk)
    nominee = (
        Nominee.objects.select_related("award_offer__award_form", "dossier__campaign")
        .prefetch_related(
            Prefetch(
                "appraisals",
                queryset=Appraisal.objects.filter(is_current=True).select_related(
                    "appraiser", "award_offer_before__award_form", "award_offer_after__award_form"
                ),
                to_attr="current_appraisals",
            )
        )
        .get(pk=nominee_pk)
    )
    nominee.latest_appraisal = nominee.current_appraisals[0] if nominee.current_appraisals else None
    if saved is None:
        form.nominee = nominee
        nominee.form = form
    else:
        nominee.form = _fresh_form(nominee, campaign_offers(dossier.campaign_id))
    context = {
        **_desk_context(request, dossier),
        "nominee": nominee,
        "saved_message": _saved_message(nominee) if saved is not None else "",
        "page_number": request.POST.get("page", ""),
    }
    return render(request, "appraisal/_verdict_response.html", context)


@login_required
@require_POST
def appraise_remaining(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Mark all remaining eligible" (asked for confirmation on the page)."""
    _require_appraiser(request)
    dossier = _dossier_for(request, pk)
    error = ""
    try:
        made = appraise_remaining_eligible(actor=request.user, dossier=dossier)
    except TransitionError as exc:
        error, made = str(exc), []
    note = (
        _("Đã ghi “Đủ điều kiện” cho %(n)d tập thể, cá nhân còn lại.") % {"n": len(made)}
        if made
        else ""
    )
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, note)
        return redirect("appraisal:dossier", pk=dossier.pk)
    dossier.refresh_from_db()
    page = _nominee_page(dossier, request.POST.get("page"))
    context = {
        **_desk_context(request, dossier),
        "nominees": _prepare_nominees(dossier, page),
        "nominee_page": page,
        "bulk_note": note,
        "bulk_error": error,
        "oob": True,
    }
    return render(request, "appraisal/_nominee_list_response.html", context)


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
