"""Thin views of the monitoring pages: the follow-up page, the dashboard, the comparison of
campaigns, global search and the Excel exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.selectors import participating_units
from documents.spreadsheets import XLSX_TYPE
from documents.views import document_response
from nominations.enums import DossierStatus, NomineeStatus

from . import exports, selectors, services
from .enums import ExportKind
from .forms import GuidanceForm, ReminderForm
from .models import ExportJob


def _field_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def follow_list(request: HttpRequest) -> HttpResponse:
    campaigns = list(selectors.followed_campaigns(request.user).order_by("-issued_on", "-pk"))
    if not campaigns:
        raise PermissionDenied(_("Anh/chị không theo dõi kế hoạch thi đua nào."))
    if len(campaigns) == 1:
        return redirect("monitoring:follow_up", campaigns[0].pk)
    return render(request, "monitoring/follow_list.html", {"campaigns": campaigns})


def _follow_up_page(request, campaign, *, reminder_form=None, guidance_form=None, status=200):
    data = selectors.follow_up(campaign)
    if reminder_form is None:
        reminder_form = ReminderForm(
            units=participating_units(campaign),
            initial={
                "message": _(
                    "Đề nghị đơn vị khẩn trương hoàn thiện và gửi hồ sơ đề nghị khen thưởng "
                    "trước hạn %(deadline)s."
                )
                % {
                    "deadline": campaign.nomination_deadline.strftime("%d/%m/%Y")
                    if campaign.nomination_deadline
                    else "…"
                },
            },
        )
    return render(
        request,
        "monitoring/follow_up.html",
        {
            "campaign": campaign,
            "data": data,
            "reminder_form": reminder_form,
            "guidance_form": guidance_form or GuidanceForm(),
            "checked_units": reminder_form.data.getlist("units") if reminder_form.is_bound else [],
        },
        status=status,
    )


@login_required
def follow_up(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.followed_campaign(request.user, campaign_id)
    return _follow_up_page(request, campaign)


@login_required
@require_POST
def send_reminders(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.followed_campaign(request.user, campaign_id)
    form = ReminderForm(request.POST, units=participating_units(campaign))
    if form.is_valid():
        try:
            sent = services.send_reminders(
                actor=request.user,
                campaign=campaign,
                units=form.cleaned_data["units"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            _field_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã gửi nhắc nhở đến %(n)s đơn vị: %(units)s.")
                % {"n": len(sent), "units": ", ".join(r.unit.name for r in sent)},
            )
            return redirect("monitoring:follow_up", campaign.pk)
    return _follow_up_page(request, campaign, reminder_form=form, status=400)


@login_required
@require_POST
def publish_guidance(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.followed_campaign(request.user, campaign_id)
    form = GuidanceForm(request.POST)
    if form.is_valid():
        try:
            services.publish_guidance(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            _field_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi hướng dẫn đến các đơn vị tham gia."))
            return redirect("monitoring:follow_up", campaign.pk)
    return _follow_up_page(request, campaign, guidance_form=form, status=400)


@login_required
def dashboard_index(request: HttpRequest) -> HttpResponse:
    campaigns = list(selectors.dashboard_campaigns(request.user))
    if not campaigns:
        raise PermissionDenied(_("Anh/chị chưa có kế hoạch thi đua nào để xem số liệu."))
    return redirect("monitoring:dashboard", campaigns[0].pk)


@login_required
def dashboard(request: HttpRequest, campaign_id: int) -> HttpResponse:
    scope = selectors.scope_for(request.user, campaign_id)
    figures = selectors.dashboard_figures(scope)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "scope": scope,
            "campaign": scope.campaign,
            "figures": figures,
            "campaigns": selectors.dashboard_campaigns(request.user),
            "can_follow": request.user.has_perm("monitoring.follow_campaign", scope.campaign),
            "dossier_statuses": [c for c in DossierStatus.choices if c[0] != DossierStatus.DRAFT],
            "nominee_statuses": NomineeStatus.choices,
        },
    )


@login_required
def closing_report(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The closing report's PDF (kind "closing_report"), for whoever reads the whole campaign."""
    scope = selectors.scope_for(request.user, campaign_id)
    if not scope.whole:
        raise PermissionDenied(_("Báo cáo tổng kết dành cho lãnh đạo và cơ quan theo dõi."))
    return document_response(
        request,
        kind="closing_report",
        object_id=scope.campaign.pk,
        title=_("Báo cáo tổng kết phong trào thi đua"),
        back_url=reverse("monitoring:dashboard", args=[scope.campaign.pk]),
    )


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    rows = selectors.campaigns_compared(request.user)
    if not rows:
        raise PermissionDenied(_("Trang này dành cho lãnh đạo và cơ quan theo dõi phong trào."))
    bars = [
        selectors.Bar(f"{row['year'] or '—'} · {row['campaign'].reference}", row["awarded"])
        for row in rows
    ]
    return render(request, "monitoring/compare.html", {"rows": rows, "compare_bars": bars})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = selectors.search(request.user, query)
    return render(
        request, "monitoring/search.html", {"query": query.strip()[:100], "results": results}
    )


def _export(request: HttpRequest, export: exports.ExportRequest, scope, decision=None):
    total = exports.count_rows(export, scope, decision)
    if total > services.export_threshold():
        job = services.request_export(actor=request.user, request=export, rows_total=total)
        return redirect("monitoring:export_job", job.pk)
    data = exports.build(export, scope, decision)
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(export, scope)}"'
    return response


@login_required
def export_campaign(request: HttpRequest, campaign_id: int, kind: str) -> HttpResponse:
    if kind not in (ExportKind.NOMINEES, ExportKind.DOSSIERS):
        raise Http404
    scope = selectors.scope_for(request.user, campaign_id)
    statuses = NomineeStatus if kind == ExportKind.NOMINEES else DossierStatus
    status = request.GET.get("status", "")
    if status not in statuses.values:
        status = ""
    export = exports.ExportRequest(
        kind=kind,
        campaign_id=scope.campaign.pk,
        unit_id=scope.unit.pk if scope.unit else None,
        status=status,
    )
    return _export(request, export, scope)


@login_required
def export_decision(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision, scope = selectors.decision_for(request.user, decision_id)
    export = exports.ExportRequest(
        kind=ExportKind.AWARDEES,
        campaign_id=scope.campaign.pk,
        unit_id=scope.unit.pk if scope.unit else None,
        decision_id=decision.pk,
    )
    return _export(request, export, scope, decision)


@login_required
def export_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(ExportJob, pk=job_id, created_by=request.user)
    template = "monitoring/export_job.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"job": job})


@login_required
def export_download(request: HttpRequest, job_id: int) -> FileResponse:
    job = get_object_or_404(ExportJob, pk=job_id, created_by=request.user, stage="done")
    if not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file_name, content_type=XLSX_TYPE
    )
