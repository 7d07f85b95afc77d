"""Every write to campaigns and their questions. States change only through audit.workflow
(transition_campaign, answer_question)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from audit.services import record
from audit.workflow import TransitionError, Workflow, transition
from documents.services import NumberTaken, register_document
from organizations.models import Authority, Unit, UnitKind, User

from .documents import plan_data
from .enums import (
    CAMPAIGN_TRANSITIONS,
    PLAN_DOC_TYPE,
    QUESTION_TRANSITIONS,
    CampaignAction,
    CampaignStatus,
    QuestionAction,
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


def _check_manager(actor: User, campaign: Campaign) -> None:
    if not actor.has_perm("campaigns.change_campaign", campaign):
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
    actor: User,
    authority: Authority,
    fields: dict[str, Any],
    participant_kinds: Iterable[UnitKind] = (),
    participant_units: Iterable[Unit] = (),
    tasks: Sequence[dict[str, Any]] = (),
    offers: Sequence[dict[str, Any]] = (),
) -> Campaign:
    """Create a draft campaign. Side effects: audit entry."""
    if not actor.has_perm("campaigns.manage") or actor.authority_id != authority.pk:
        raise PermissionDenied(_("Anh/chị không có quyền lập kế hoạch thi đua."))
    campaign = Campaign(authority=authority, created_by=actor)
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
    actor: User,
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
                created_by=actor,
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
        raise TransitionError(code="incomplete", errors=errors)


CAMPAIGN_WORKFLOW: Workflow[Campaign] = Workflow(
    name="campaign",
    model=Campaign,
    states=CampaignStatus,
    actions=CampaignAction,
    transitions=CAMPAIGN_TRANSITIONS,
    refused_message=_lazy(
        "Anh/chị không có quyền thực hiện thao tác “%(action)s” với kế hoạch này."
    ),
    state_message=_lazy("Không thể “%(action)s” khi kế hoạch đang ở trạng thái “%(state)s”."),
    stale_message=_lazy(
        "Kế hoạch vừa được người khác thay đổi. Vui lòng tải lại trang để xem bản mới nhất."
    ),
    select_related=("authority",),
)

QUESTION_WORKFLOW: Workflow[CampaignQuestion] = Workflow(
    name="question",
    model=CampaignQuestion,
    states=QuestionStatus,
    actions=QuestionAction,
    transitions=QUESTION_TRANSITIONS,
    refused_message=_lazy("Anh/chị không có quyền trả lời phản ánh này."),
    state_message=_lazy("Không thể “%(action)s” khi phản ánh đang ở trạng thái “%(state)s”."),
    stale_message=_lazy("Phản ánh vừa được người khác thay đổi. Vui lòng tải lại trang."),
    version_field=None,
    select_related=("campaign__authority",),
    authority_of=lambda question: question.campaign.authority,
)


def transition_campaign(
    *, actor: User, campaign: Campaign, action: str, comment: str = ""
) -> Campaign:
    """Move a campaign: publish (draft → published), close, reopen (closed → published), finish.

    Publishing: takes the next number of the authority's outgoing register (or records the number
    typed in, if free), sets the issue date (today if empty), freezes revision 1 of the text.
    Side effects: audit entry; register entry; PDF render after commit.
    """
    data: dict[str, Any] = {}

    def prepare(locked: Campaign) -> None:
        if action != CampaignAction.PUBLISH:
            return
        if locked.issued_on is None:
            locked.issued_on = timezone.localdate()
        _check_ready_to_publish(locked)
        try:
            entry = register_document(
                authority=locked.authority,
                doc_type=PLAN_DOC_TYPE,
                issued_on=locked.issued_on,
                title=locked.title,
                target_kind="plan",
                target_id=str(locked.pk),
                actor=actor,
                number=locked.number,
            )
        except NumberTaken as exc:
            raise TransitionError(code="number_taken", errors={"number": exc.messages}) from exc
        locked.number = entry.number
        locked.published_at = timezone.now()
        data.update(number=entry.number, reference=entry.reference)

    def after(locked: Campaign) -> None:
        if action != CampaignAction.PUBLISH:
            return
        CampaignRevision.objects.create(
            campaign=locked,
            number=1,
            data=plan_data(locked),
            created_by=actor,
            comment=comment[:255],
        )
        _queue_render(locked)

    return transition(
        CAMPAIGN_WORKFLOW,
        actor=actor,
        obj=campaign,
        action=action,
        comment=comment,
        data=data,
        prepare=prepare,
        after=after,
    )


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


def answer_question(*, actor: User, question: CampaignQuestion, answer: str) -> CampaignQuestion:
    """Phòng Nội vụ answers (or corrects its answer); the answer becomes visible to every
    participating unit. Side effects: audit entry."""
    answer = (answer or "").strip()
    if not answer:
        raise TransitionError(
            _("Vui lòng nhập nội dung trả lời."),
            code="invalid",
            errors={"answer": [_("Vui lòng nhập nội dung trả lời.")]},
        )

    def prepare(locked: CampaignQuestion) -> None:
        locked.answer = answer
        locked.answered_by = actor
        locked.answered_at = timezone.now()

    return transition(
        QUESTION_WORKFLOW,
        actor=actor,
        obj=question,
        action=QuestionAction.ANSWER,
        prepare=prepare,
    )
