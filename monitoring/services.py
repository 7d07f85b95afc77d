"""Every write of the monitoring app: reminders and guidance of the lead office, background
exports. Each change is audited in its transaction; e-mails and the worker's jobs leave through
the notifications outbox on commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from campaigns.models import Campaign
from campaigns.selectors import participating_clerks, participating_units
from decisions.models import Decision
from notifications.outbox import enqueue
from notifications.services import notify
from organizations.enums import Role
from organizations.models import Unit, User

from . import exports
from .enums import ExportKind, ExportStage
from .models import ExportJob, Guidance, Reminder
from .selectors import scope_for

REMINDER_MAX_LENGTH = 2000
STALE_AFTER = dt.timedelta(minutes=15)


def _clerks_of(units: Iterable[Unit]) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.CLERK, unit__in=list(units)
        ).distinct()
    )


@transaction.atomic
def send_reminders(
    *, actor: User, campaign: Campaign, units: Iterable[Unit], message: str
) -> list[Reminder]:
    """Remind the chosen participating units (one action): one Reminder per unit, one audit
    entry each, every clerk of those units notified in the app and by e-mail (outbox)."""
    if not actor.has_perm("monitoring.send_reminder", campaign):
        raise PermissionDenied(_("Anh/chị không có quyền nhắc nhở các đơn vị của kế hoạch này."))
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": [_("Vui lòng nhập nội dung nhắc nhở.")]})
    if len(message) > REMINDER_MAX_LENGTH:
        raise ValidationError(
            {"message": [_("Nội dung nhắc nhở dài quá %(n)s ký tự.") % {"n": REMINDER_MAX_LENGTH}]}
        )
    chosen = {u.pk: u for u in units}
    if not chosen:
        raise ValidationError({"units": [_("Vui lòng chọn ít nhất một đơn vị.")]})
    allowed = set(participating_units(campaign).filter(pk__in=chosen).values_list("pk", flat=True))
    if set(chosen) - allowed:
        raise ValidationError({"units": [_("Chỉ nhắc được các đơn vị tham gia kế hoạch này.")]})
    sender_unit = actor.unit if actor.unit_id else None
    reminders = Reminder.objects.bulk_create(
        [
            Reminder(
                campaign=campaign,
                unit=unit,
                message=message,
                sent_by=actor,
                sender_unit=sender_unit,
            )
            for unit in sorted(chosen.values(), key=lambda u: u.pk)
        ]
    )
    for reminder in reminders:
        record(
            actor=actor,
            action="monitoring.remind",
            target=reminder,
            authority=campaign.authority,
            comment=message,
            data={"campaign": campaign.pk, "reminder": reminder.pk},
        )
    sender = sender_unit.name if sender_unit else campaign.authority.short_name
    title = _("Nhắc nhở của %(sender)s: %(title)s") % {"sender": sender, "title": campaign.title}
    notify(
        recipients=_clerks_of(chosen.values()),
        verb="monitoring.reminder",
        title=title,
        body=message,
        link=reverse("home_clerk"),
    )
    return reminders


@transaction.atomic
def publish_guidance(*, actor: User, campaign: Campaign, title: str, body: str) -> Guidance:
    """A guidance notice (Thông báo hướng dẫn) to every participating unit: stored, audited,
    every participating clerk notified and e-mailed."""
    if not actor.has_perm("monitoring.publish_guidance", campaign):
        raise PermissionDenied(_("Anh/chị không có quyền hướng dẫn các đơn vị của kế hoạch này."))
    errors = {}
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        errors["title"] = [_("Vui lòng nhập tiêu đề hướng dẫn.")]
    if not body:
        errors["body"] = [_("Vui lòng nhập nội dung hướng dẫn.")]
    if errors:
        raise ValidationError(errors)
    guidance = Guidance.objects.create(
        campaign=campaign,
        title=title[:255],
        body=body,
        published_by=actor,
        publisher_unit=actor.unit if actor.unit_id else None,
    )
    record(
        actor=actor,
        action="monitoring.guidance",
        target=guidance,
        authority=campaign.authority,
        data={"campaign": campaign.pk},
    )
    notify(
        recipients=participating_clerks(campaign),
        verb="monitoring.guidance",
        title=_("Hướng dẫn: %(title)s") % {"title": guidance.title},
        body=body,
        link=reverse("home_clerk"),
    )
    return guidance


# --- Exports ----------------------------------------------------------------------------------


def export_threshold() -> int:
    """Rows above which an export runs in the worker (settings.MONITORING_EXPORT_SYNC_MAX)."""
    return int(getattr(settings, "MONITORING_EXPORT_SYNC_MAX", 5000))


@transaction.atomic
def request_export(*, actor: User, request: exports.ExportRequest, rows_total: int) -> ExportJob:
    """A background export: the job row and its task, queued through the outbox in this
    transaction (a broker outage delays it, loses nothing)."""
    job = ExportJob.objects.create(
        kind=request.kind, created_by=actor, params=request.as_params(), rows_total=rows_total
    )
    enqueue("monitoring.run_export_job", job.pk)
    return job


def _finish(job_id: int, **fields) -> None:
    ExportJob.objects.filter(pk=job_id).update(finished_at=timezone.now(), **fields)


def run_export_job(*, job_id: int) -> None:
    """Write one job's file; idempotent (a finished job is left alone). The scope is the
    person's at run time: a role taken away meanwhile refuses the export."""
    now = timezone.now()
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.stage in {ExportStage.DONE, ExportStage.FAILED}:
            return
        if job.stage == ExportStage.RUNNING and job.created_at > now - STALE_AFTER:
            return
        ExportJob.objects.filter(pk=job.pk).update(stage=ExportStage.RUNNING)
    params = job.params
    request = exports.ExportRequest(
        kind=params["kind"],
        campaign_id=params["campaign_id"],
        unit_id=params.get("unit_id"),
        status=params.get("status", ""),
        decision_id=params.get("decision_id"),
    )
    try:
        scope = scope_for(job.created_by, request.campaign_id)
    except (Http404, PermissionDenied):  # out of scope now: nothing is written
        _finish(job.pk, stage=ExportStage.FAILED, message=_("Anh/chị không còn quyền xuất."))
        return
    decision = None
    if request.kind == ExportKind.AWARDEES:
        decision = Decision.objects.filter(
            pk=request.decision_id, campaign_id=request.campaign_id
        ).first()
        if decision is None:
            _finish(job.pk, stage=ExportStage.FAILED, message=_("Không còn quyết định này."))
            return

    def progress(rows: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=rows)

    data = exports.build(request, scope, decision, progress=progress)
    name = exports.file_name(request, scope)
    job.file.save(f"{job.pk}-{name}", ContentFile(data), save=False)
    _finish(job.pk, stage=ExportStage.DONE, file=job.file.name, file_name=name)
