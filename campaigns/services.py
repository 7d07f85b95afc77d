"""Every write to campaigns. transition_campaign is the only function that changes a status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from documents.services import NumberTaken, register_document
from organizations.models import Authority, Unit, UnitKind, User

from .documents import plan_data
from .enums import (
    CAMPAIGN_TRANSITIONS,
    PLAN_DOC_TYPE,
    QUESTION_TRANSITIONS,
    CampaignStatus,
    QuestionStatus,
)
from .models import AwardOffer, Campaign, CampaignQuestion, CampaignRevision, ImplementationTask

# Fields of Campaign a manager edits (the form's fields, minus relations handled below).
EDITABLE_FIELDS = (
    "title",
    "number",
    "issued_on",
    "place_name",
    "legal_bases",
    "preamble",
    "purpose",
    "theme",
    "contents_intro",
    "contents",
    "period_start",
    "period_end",
    "event_name",
    "event_date",
    "period_text",
    "closing",
    "recipients",
    "signer_capacity",
    "signer_title",
    "signer_name",
    "nomination_deadline",
    "participant_mode",
    "appraising_unit",
    "lead_unit",
    "max_dossiers_per_unit",
    "unit_minutes_required",
)
# Once issued, the register entry fixes these.
FROZEN_AFTER_ISSUE = ("number", "issued_on")


def _check_manager(actor: User | None, campaign: Campaign) -> None:
    if actor is not None and not actor.has_perm("campaigns.change_campaign", campaign):
        raise PermissionDenied(_("Anh/chị không có quyền quản lý kế hoạch này."))


def _queue_render(campaign: Campaign) -> None:
    """A render job for the plan's current text, in this transaction; the worker renders it
    after commit and the campaign page shows its progress. A broker outage fails neither the
    publication nor the job: the job row stays queued and the sweep sends it again."""
    if not settings.DOCUMENTS_RENDER_ON_ISSUE:
        return
    from documents.services import request_document

    request_document(kind="plan", object_id=campaign.pk)


def _set_relations(
    campaign: Campaign,
    *,
    participant_kinds: Iterable[UnitKind],
    participant_units: Iterable[Unit],
    tasks: Sequence[dict[str, Any]],
    offers: Sequence[dict[str, Any]],
) -> None:
    campaign.participant_kinds.set(participant_kinds)
    campaign.participant_units.set(participant_units)
    campaign.tasks.all().delete()
    ImplementationTask.objects.bulk_create(
        [
            ImplementationTask(
                campaign=campaign,
                order=i,
                unit=t.get("unit"),
                role=t.get("role") or "all",
                text=t["text"],
            )
            for i, t in enumerate(tasks, start=1)
        ]
    )
    keep = {o["award_form"].pk for o in offers}
    try:
        with transaction.atomic():
            campaign.award_offers.exclude(award_form_id__in=keep).delete()
    except ProtectedError as exc:
        raise ValidationError(
            {"award_offers": [_("Không thể bỏ hình thức khen thưởng đã có hồ sơ đề nghị.")]}
        ) from exc
    for offer in offers:
        AwardOffer.objects.update_or_create(
            campaign=campaign,
            award_form=offer["award_form"],
            defaults={
                "criteria": offer.get("criteria", ""),
                "quota": offer.get("quota"),
                "quota_per_unit": offer.get("quota_per_unit"),
            },
        )


@transaction.atomic
def create_campaign(
    *,
    actor: User | None,
    authority: Authority,
    fields: dict[str, Any],
    participant_kinds: Iterable[UnitKind] = (),
    participant_units: Iterable[Unit] = (),
    tasks: Sequence[dict[str, Any]] = (),
    offers: Sequence[dict[str, Any]] = (),
) -> Campaign:
    """Create a draft campaign. Side effects: audit entry."""
    if actor is not None and not actor.has_perm("campaigns.manage"):
        raise PermissionDenied(_("Anh/chị không có quyền lập kế hoạch thi đua."))
    campaign = Campaign(
        authority=authority, created_by=actor if getattr(actor, "pk", None) else None
    )
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(campaign, name, fields[name])
    campaign.full_clean(exclude=["authority", "created_by"])
    campaign.save()
    _set_relations(
        campaign,
        participant_kinds=participant_kinds,
        participant_units=participant_units,
        tasks=tasks,
        offers=offers,
    )
    record(actor=actor, action="campaign.create", target=campaign, authority=authority)
    return campaign


@transaction.atomic
def update_campaign(
    *,
    actor: User | None,
    campaign: Campaign,
    fields: dict[str, Any],
    participant_kinds: Iterable[UnitKind] = (),
    participant_units: Iterable[Unit] = (),
    tasks: Sequence[dict[str, Any]] = (),
    offers: Sequence[dict[str, Any]] = (),
    comment: str = "",
) -> Campaign:
    """Save a manager's edits. An issued campaign keeps its published revisions: if the printed
    text changed, a new revision is frozen and rendered. Side effects: audit entry; revision;
    PDF render after commit."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_manager(actor, campaign)
    issued = not campaign.is_draft
    changed = []
    for name in EDITABLE_FIELDS:
        if name not in fields or (issued and name in FROZEN_AFTER_ISSUE):
            continue
        if getattr(campaign, name) != fields[name]:
            changed.append(name)
        setattr(campaign, name, fields[name])
    campaign.full_clean(exclude=["authority", "created_by"])
    campaign.save()
    _set_relations(
        campaign,
        participant_kinds=participant_kinds,
        participant_units=participant_units,
        tasks=tasks,
        offers=offers,
    )
    revision = None
    if issued:
        data = plan_data(campaign)
        latest = campaign.revisions.order_by("-number").first()
        if latest is None or latest.data != _roundtrip(data):
            revision = CampaignRevision.objects.create(
                campaign=campaign,
                number=(latest.number + 1) if latest else 1,
                data=data,
                created_by=actor if getattr(actor, "pk", None) else None,
                comment=comment[:255],
            )
            _queue_render(campaign)
    record(
        actor=actor,
        action="campaign.update",
        target=campaign,
        authority=campaign.authority,
        comment=comment,
        data={"fields": changed, "revision": revision.number if revision else None},
    )
    return campaign


def _roundtrip(data: dict[str, Any]) -> dict[str, Any]:
    """The data as it will read back from the JSON column (for comparing with a revision)."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _check_ready_to_publish(campaign: Campaign) -> None:
    errors: dict[str, list[str]] = {}
    if not campaign.title.strip():
        errors["title"] = [_("Kế hoạch chưa có trích yếu.")]
    if campaign.nomination_deadline is None:
        errors["nomination_deadline"] = [_("Kế hoạch chưa có hạn nộp hồ sơ.")]
    elif campaign.issued_on and campaign.nomination_deadline < campaign.issued_on:
        errors["nomination_deadline"] = [_("Hạn nộp hồ sơ không được trước ngày ban hành.")]
    if not campaign.signer_name.strip():
        errors["signer_name"] = [_("Kế hoạch chưa có người ký.")]
    if not campaign.award_offers.exists():
        errors["award_offers"] = [_("Kế hoạch chưa có hình thức khen thưởng nào.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def transition_campaign(
    *, campaign: Campaign, to_status: str, actor: User | None, comment: str = ""
) -> Campaign:
    """Move a campaign along draft → published → closed → finished (closed may reopen).

    Publishing: takes the next number of the authority's outgoing register (or records the number
    typed in, if free), sets the issue date (today if empty), freezes revision 1 of the text.
    Side effects: audit entry; register entry; PDF render after commit.
    """
    campaign = Campaign.objects.select_for_update().select_related("authority").get(pk=campaign.pk)
    from_status = campaign.status
    if to_status not in CAMPAIGN_TRANSITIONS[from_status]:
        raise ValidationError(
            _("Không thể chuyển kế hoạch từ “%(from)s” sang “%(to)s”.")
            % {"from": CampaignStatus(from_status).label, "to": CampaignStatus(to_status).label},
            code="invalid_transition",
        )
    _check_manager(actor, campaign)
    first_issue = from_status == CampaignStatus.DRAFT and to_status == CampaignStatus.PUBLISHED
    data: dict[str, Any] = {}
    if first_issue:
        if campaign.issued_on is None:
            campaign.issued_on = timezone.localdate()
        _check_ready_to_publish(campaign)
        try:
            entry = register_document(
                authority=campaign.authority,
                doc_type=PLAN_DOC_TYPE,
                issued_on=campaign.issued_on,
                title=campaign.title,
                target_kind="plan",
                target_id=str(campaign.pk),
                actor=actor,
                number=campaign.number,
            )
        except NumberTaken as exc:
            raise ValidationError({"number": exc.messages}) from exc
        campaign.number = entry.number
        campaign.published_at = timezone.now()
        data = {"number": entry.number, "reference": entry.reference}
    campaign.status = to_status
    campaign.save()
    if first_issue:
        CampaignRevision.objects.create(
            campaign=campaign,
            number=1,
            data=plan_data(campaign),
            created_by=actor if getattr(actor, "pk", None) else None,
            comment=comment[:255],
        )
        _queue_render(campaign)
    action = {
        CampaignStatus.PUBLISHED: "campaign.reopen" if not first_issue else "campaign.publish",
        CampaignStatus.CLOSED: "campaign.close",
        CampaignStatus.FINISHED: "campaign.finish",
    }[to_status]
    record(
        actor=actor,
        action=action,
        target=campaign,
        authority=campaign.authority,
        from_state=from_status,
        to_state=to_status,
        comment=comment,
        data=data,
    )
    return campaign


@transaction.atomic
def ask_question(*, actor: User, campaign: Campaign, text: str) -> CampaignQuestion:
    """A unit raises a difficulty or question. Side effects: audit entry."""
    if not actor.has_perm("campaigns.ask_question", campaign):
        raise PermissionDenied(_("Đơn vị của anh/chị không tham gia kế hoạch này."))
    if not text.strip():
        raise ValidationError({"text": [_("Vui lòng nhập nội dung phản ánh, vướng mắc.")]})
    question = CampaignQuestion.objects.create(
        campaign=campaign, unit=actor.unit, asked_by=actor, text=text.strip()
    )
    record(
        actor=actor,
        action="question.ask",
        target=question,
        authority=campaign.authority,
        to_state=QuestionStatus.OPEN,
    )
    return question


@transaction.atomic
def answer_question(*, actor: User, question: CampaignQuestion, answer: str) -> CampaignQuestion:
    """Phòng Nội vụ answers; the answer becomes visible to every participating unit.
    Side effects: audit entry."""
    question = (
        CampaignQuestion.objects.select_for_update()
        .select_related("campaign__authority")
        .get(pk=question.pk)
    )
    if not actor.has_perm("campaigns.answer_question", question.campaign):
        raise PermissionDenied(_("Anh/chị không có quyền trả lời phản ánh này."))
    if not answer.strip():
        raise ValidationError({"answer": [_("Vui lòng nhập nội dung trả lời.")]})
    from_status = question.status
    if QuestionStatus.ANSWERED not in QUESTION_TRANSITIONS[from_status]:
        raise ValidationError(_("Không thể trả lời phản ánh này."))
    question.answer = answer.strip()
    question.answered_by = actor
    question.answered_at = timezone.now()
    question.status = QuestionStatus.ANSWERED
    question.save()
    record(
        actor=actor,
        action="question.answer",
        target=question,
        authority=question.campaign.authority,
        from_state=from_status,
        to_state=QuestionStatus.ANSWERED,
    )
    return question
