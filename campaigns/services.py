"""Every write to campaigns and their questions. States change only through audit.workflow
(transition_campaign, answer_question)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from audit.services import record
from audit.workflow import TransitionError, Workflow, transition
from documents.models import SignOffRequest
from documents.services import (
    NumberTaken,
    pending_signoff,
    register_document,
    request_signoff,
)
from documents.signoff import SignOffProvider
from notifications.services import notify
from organizations.enums import Role
from organizations.models import Authority, Unit, UnitKind, User

from .documents import change_document_data, last_issued_text, plan_data, set_issued
from .enums import (
    CAMPAIGN_TRANSITIONS,
    PLAN_DOC_TYPE,
    QUESTION_TRANSITIONS,
    CampaignAction,
    CampaignStatus,
    QuestionAction,
    QuestionStatus,
    RevisionKind,
)
from .models import AwardOffer, Campaign, CampaignQuestion, CampaignRevision, ImplementationTask
from .selectors import participating_clerks

# Sign-off provider kinds (documents.signoff): the plan itself, and a change of an issued plan.
PLAN_SIGNOFF = "plan"
AMENDMENT_SIGNOFF = "plan_amendment"

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
    "signer",
    "signer_form",
    "awards_section_after",
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


def _queue_render(campaign: Campaign, *, kind: str = "plan", object_id: int | None = None) -> None:
    """A render job for the plan's issued text (or a change document), in this transaction; the
    worker renders it after commit and the campaign page shows its progress. A broker outage
    fails neither the publication nor the job: the job row stays queued and the sweep sends it
    again."""
    if not settings.DOCUMENTS_RENDER_ON_ISSUE:
        return
    from documents.services import request_document

    request_document(kind=kind, object_id=campaign.pk if object_id is None else object_id)


def _check_signer(campaign: Campaign, signer: User | None) -> None:
    if signer is None:
        return
    if (
        signer.authority_id != campaign.authority_id
        or not signer.is_active
        or not signer.has_role(Role.CHAIRMAN, Role.VICE_CHAIRMAN)
    ):
        raise ValidationError(
            {"signer": [_("Người ký phải là Chủ tịch hoặc Phó Chủ tịch của cơ quan ban hành.")]}
        )


def _set_relations(
    campaign: Campaign,
    *,
    participant_kinds: Iterable[UnitKind],
    participant_units: Iterable[Unit],
    tasks: Sequence[dict[str, Any]],
    offers: Sequence[dict[str, Any]],
    coordinating_units: Iterable[Unit] | None = None,
) -> None:
    campaign.participant_kinds.set(participant_kinds)
    campaign.participant_units.set(participant_units)
    if coordinating_units is not None:
        campaign.coordinating_units.set(coordinating_units)
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
    coordinating_units: Iterable[Unit] | None = None,
) -> Campaign:
    """Create a draft campaign. Side effects: audit entry."""
    if not actor.has_perm("campaigns.manage") or actor.authority_id != authority.pk:
        raise PermissionDenied(_("Anh/chị không có quyền lập kế hoạch thi đua."))
    campaign = Campaign(authority=authority, created_by=actor)
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(campaign, name, fields[name])
    _check_signer(campaign, campaign.signer)
    if campaign.signer is not None:
        campaign.signer_name = campaign.signer.full_name
    campaign.full_clean(exclude=["authority", "created_by"])
    campaign.save()
    _set_relations(
        campaign,
        participant_kinds=participant_kinds,
        participant_units=participant_units,
        tasks=tasks,
        offers=offers,
        coordinating_units=coordinating_units,
    )
    record(actor=actor, action="campaign.create", target=campaign, authority=authority)
    return campaign


STALE_MESSAGE = _lazy(
    "Kế hoạch vừa được người khác lưu trong lúc anh/chị sửa. Nội dung anh/chị nhập vẫn được giữ "
    "bên dưới: hãy mở kế hoạch ở thẻ khác để xem bản mới, rồi lưu lại."
)


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
    coordinating_units: Iterable[Unit] | None = None,
    comment: str = "",
    expected_version: int | None = None,
) -> Campaign:
    """Save a manager's edits, refused (ValidationError, code "stale") if the campaign was saved
    by someone else since `expected_version`, and while it waits for its signer.

    An issued plan keeps its issued text and PDF: if the printed text changed, a new revision
    is frozen and its change document (a Thông báo when only the dossier deadline moved, else a
    Kế hoạch sửa đổi, bổ sung) is sent to the plan's signer; it gets its number on approval.
    Side effects: audit entry; revision; sign-off request (the signer is notified).
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_manager(actor, campaign)
    if expected_version is not None and campaign.version != expected_version:
        raise ValidationError(str(STALE_MESSAGE), code="stale")
    if campaign.status == CampaignStatus.SIGNING:
        raise ValidationError(
            _("Kế hoạch đang chờ người ký duyệt: rút lại trước khi sửa."), code="signing"
        )
    issued = campaign.is_issued
    if issued and _pending_amendment(campaign) is not None:
        raise ValidationError(
            _(
                "Văn bản sửa đổi, bổ sung trước của kế hoạch đang chờ người ký duyệt: chờ "
                "duyệt, trả lại hoặc rút lại trước khi sửa tiếp."
            ),
            code="signing",
        )
    old_deadline = campaign.nomination_deadline
    changed = []
    for name in EDITABLE_FIELDS:
        if name not in fields or (issued and name in FROZEN_AFTER_ISSUE):
            continue
        if getattr(campaign, name) != fields[name]:
            changed.append(name)
        setattr(campaign, name, fields[name])
    _check_signer(campaign, campaign.signer)
    if campaign.signer is not None:
        campaign.signer_name = campaign.signer.full_name
    campaign.version += 1
    campaign.full_clean(exclude=["authority", "created_by"])
    campaign.save()
    _set_relations(
        campaign,
        participant_kinds=participant_kinds,
        participant_units=participant_units,
        tasks=tasks,
        offers=offers,
        coordinating_units=coordinating_units,
    )
    revision = None
    if issued:
        revision = _issue_change(
            actor=actor, campaign=campaign, old_deadline=old_deadline, comment=comment
        )
    record(
        actor=actor,
        action="campaign.update",
        target=campaign,
        authority=campaign.authority,
        comment=comment,
        data={"fields": changed, "revision": revision.number if revision else None},
    )
    return campaign


def _issue_change(
    *, actor: User, campaign: Campaign, old_deadline: Any, comment: str
) -> CampaignRevision | None:
    """Freeze the changed text of an issued plan as a revision and send its change document to
    the plan's signer. Nothing if the printed text is what was last issued."""
    data = plan_data(campaign)
    before = last_issued_text(campaign)
    if before is None or before == _roundtrip(data):
        return None
    only_deadline = old_deadline != campaign.nomination_deadline and before == _roundtrip(
        plan_data(campaign, deadline=old_deadline)
    )
    kind = RevisionKind.DEADLINE_NOTICE if only_deadline else RevisionKind.AMENDMENT
    latest = campaign.revisions.order_by("-number").first()
    document = change_document_data(
        campaign, kind=kind, before=before, after=_roundtrip(data), old_deadline=old_deadline
    )
    revision = CampaignRevision.objects.create(
        campaign=campaign,
        number=(latest.number + 1) if latest else 1,
        data=data,
        kind=kind,
        document_data=document,
        created_by=actor,
        comment=comment[:255],
    )
    try:
        request_signoff(
            actor=actor,
            kind=AMENDMENT_SIGNOFF,
            obj=revision,
            authority=campaign.authority,
            signer=campaign.signer,
            signer_form=campaign.signer_form,
            title=document["title"],
            preview_kind="plan_amendment",
            preview_data=document,
        )
    except TransitionError as exc:
        raise ValidationError(exc.errors or exc.message) from exc
    return revision


def _pending_amendment(campaign: Campaign) -> SignOffRequest | None:
    ids = [str(pk) for pk in campaign.revisions.values_list("pk", flat=True)]
    return (
        SignOffRequest.objects.filter(kind=AMENDMENT_SIGNOFF, object_id__in=ids, status="pending")
        .order_by("pk")
        .first()
    )


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
    if campaign.signer_id is None:
        errors["signer"] = [_("Kế hoạch chưa có người ký.")]
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
    """Move a campaign: send (draft → signing), publish (signing → published, the signer's
    approval), return or withdraw (signing → draft), close, reopen (closed → published), finish.

    Sending: the plan must be complete and have its signer; its text goes to him (a sign-off
    request, documents.services.request_signoff), who sees it on his page.
    Publishing (only through the signer's approval, documents.services.approve_signoff): takes the
    next number of the authority's outgoing register (or records the number typed in, if free),
    sets the issue date (today if empty), freezes revision 1 of the text.
    Side effects: audit entry; on sending a sign-off request and the signer's notification; on
    publishing a register entry, the PDF's render job and a notification to the clerks of every
    participating unit (e-mails through the outbox).
    """
    data: dict[str, Any] = {}
    entry_box: list[Any] = []

    def prepare(locked: Campaign) -> None:
        if action == CampaignAction.SEND:
            _check_ready_to_publish(locked)
            return
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
        entry_box.append(entry)
        locked.number = entry.number
        locked.published_at = timezone.now()
        data.update(number=entry.number, reference=entry.reference)

    def after(locked: Campaign) -> None:
        if action == CampaignAction.SEND:
            request_signoff(
                actor=actor,
                kind=PLAN_SIGNOFF,
                obj=locked,
                authority=locked.authority,
                signer=locked.signer,
                signer_form=locked.signer_form,
                title=locked.title,
                preview_kind="plan",
                preview_data=plan_data(locked),
            )
            return
        if action in (CampaignAction.RETURN, CampaignAction.WITHDRAW):
            _settle_signoff(locked, action=action, actor=actor, comment=comment)
            return
        if action != CampaignAction.PUBLISH:
            return
        CampaignRevision.objects.create(
            campaign=locked,
            number=1,
            data=plan_data(locked),
            kind=RevisionKind.ORIGINAL,
            register_entry=entry_box[0],
            created_by=actor,
            comment=comment[:255],
        )
        _queue_render(locked)
        _notify_clerks(
            locked,
            verb="campaign.published",
            title=_("Kế hoạch mới ban hành: %(ref)s %(title)s")
            % {"ref": locked.reference, "title": locked.title},
            body=_("%(authority)s ban hành Kế hoạch số %(ref)s. Hạn nộp hồ sơ: %(deadline)s.")
            % {
                "authority": locked.authority.short_name,
                "ref": locked.reference,
                "deadline": _date(locked.nomination_deadline),
            },
            link=locked.get_absolute_url(),
        )
        _settle_signoff(locked, action=action, actor=actor, comment=comment)

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


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _notify_clerks(campaign: Campaign, *, verb: str, title: str, body: str, link: str) -> None:
    notify(recipients=participating_clerks(campaign), verb=verb, title=title, body=body, link=link)


def _settle_signoff(campaign: Campaign, *, action: str, actor: User, comment: str) -> None:
    """Keep the plan's sign-off request in step when the campaign moved by its own transition
    (publish, return, withdraw called directly): the pending request is approved, returned or
    withdrawn with it. When the move came from the request (the signer's page), it is no longer
    pending and nothing happens."""
    from documents.services import approve_signoff, return_signoff, withdraw_signoff

    signoff = pending_signoff(kind=PLAN_SIGNOFF, object_id=campaign.pk)
    if signoff is None:
        return
    if action == CampaignAction.PUBLISH:
        approve_signoff(actor=actor, signoff=signoff)
    elif action == CampaignAction.RETURN:
        return_signoff(actor=actor, signoff=signoff, reason=comment or _("Trả lại dự thảo."))
    else:
        withdraw_signoff(actor=actor, signoff=signoff)


# --- The sign-off providers (registered in apps.py) -----------------------------------------


def _on_plan_approved(signoff: SignOffRequest, campaign: Campaign, actor: User, data: dict) -> None:
    if campaign.status == CampaignStatus.SIGNING:
        campaign = transition_campaign(
            actor=actor, campaign=campaign, action=CampaignAction.PUBLISH
        )
    entry = campaign.revisions.get(number=1).register_entry
    SignOffRequest.objects.filter(pk=signoff.pk).update(register_entry=entry)
    signoff.register_entry = entry


def _on_plan_returned(signoff: SignOffRequest, campaign: Campaign, actor: User) -> None:
    if campaign.status == CampaignStatus.SIGNING:
        transition_campaign(
            actor=actor,
            campaign=campaign,
            action=CampaignAction.RETURN,
            comment=signoff.return_reason,
        )


def _on_plan_withdrawn(signoff: SignOffRequest, campaign: Campaign, actor: User) -> None:
    if campaign.status == CampaignStatus.SIGNING:
        transition_campaign(actor=actor, campaign=campaign, action=CampaignAction.WITHDRAW)


def _on_change_approved(
    signoff: SignOffRequest, revision: CampaignRevision, actor: User, data: dict
) -> None:
    """Issue a change of an issued plan: its number in the register (KH or TB series), today's
    date, the frozen data, its PDF's render job; the participating clerks are told."""
    revision = CampaignRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.register_entry_id:
        return
    campaign = revision.campaign
    document = revision.document_data or {}
    today = timezone.localdate()
    entry = register_document(
        authority=campaign.authority,
        doc_type=document.get("doc_type", PLAN_DOC_TYPE),
        issued_on=today,
        title=document.get("title", campaign.title),
        target_kind="plan_amendment",
        target_id=str(revision.pk),
        actor=actor,
    )
    revision.register_entry = entry
    revision.document_data = set_issued(document, number=entry.number, issued_on=today)
    revision.save(update_fields=["register_entry", "document_data"])
    SignOffRequest.objects.filter(pk=signoff.pk).update(register_entry=entry)
    signoff.register_entry = entry
    record(
        actor=actor,
        action="campaign.change_issued",
        target=campaign,
        authority=campaign.authority,
        data={"revision": revision.number, "reference": entry.reference, "kind": revision.kind},
    )
    _queue_render(campaign, kind="plan_amendment", object_id=revision.pk)
    is_notice = revision.kind == RevisionKind.DEADLINE_NOTICE
    title = (
        _("Thay đổi hạn nộp hồ sơ của kế hoạch %(ref)s: %(doc)s")
        if is_notice
        else _("Kế hoạch %(ref)s được sửa đổi, bổ sung: %(doc)s")
    ) % {"ref": campaign.reference, "doc": entry.reference}
    _notify_clerks(
        campaign,
        verb="campaign.changed",
        title=title,
        body=document.get("title", ""),
        link=reverse("campaigns:revision", args=[campaign.pk, revision.number]),
    )


def _on_change_dropped(signoff: SignOffRequest, revision: CampaignRevision, actor: User) -> None:
    """A returned or withdrawn change stays as it was typed, without a number; the next save of
    the plan sends the text again against the last issued one."""


def _may_withdraw_plan(user: User, campaign: Campaign) -> bool:
    return bool(user.has_perm("campaigns.change_campaign", campaign))


def _may_withdraw_change(user: User, revision: CampaignRevision) -> bool:
    return bool(user.has_perm("campaigns.change_campaign", revision.campaign))


def _load_campaign(object_id: str) -> Campaign:
    return Campaign.objects.select_related("authority", "signer").get(pk=int(object_id))


def _load_revision(object_id: str) -> CampaignRevision:
    return CampaignRevision.objects.select_related("campaign__authority").get(pk=int(object_id))


def _plan_link(campaign: Campaign) -> str:
    return campaign.get_absolute_url()


def _revision_link(revision: CampaignRevision) -> str:
    return reverse("campaigns:revision", args=[revision.campaign_id, revision.number])


SIGNOFF_PROVIDERS = (
    SignOffProvider(
        kind=PLAN_SIGNOFF,
        label=_lazy("Kế hoạch phát động phong trào thi đua"),
        load=_load_campaign,
        on_approve=_on_plan_approved,
        on_return=_on_plan_returned,
        on_withdraw=_on_plan_withdrawn,
        can_withdraw=_may_withdraw_plan,
        link=_plan_link,
    ),
    SignOffProvider(
        kind=AMENDMENT_SIGNOFF,
        label=_lazy("Văn bản sửa đổi, bổ sung kế hoạch"),
        load=_load_revision,
        on_approve=_on_change_approved,
        on_return=_on_change_dropped,
        on_withdraw=_on_change_dropped,
        can_withdraw=_may_withdraw_change,
        link=_revision_link,
    ),
)


@transaction.atomic
def ask_question(*, actor: User, campaign: Campaign, text: str) -> CampaignQuestion:
    """A unit raises a difficulty or question. Side effects: audit entry; a notification to the
    authority's appraisers (e-mail through the outbox)."""
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
    notify(
        recipients=campaign.authority.officers(Role.APPRAISER).distinct(),
        verb="question.asked",
        title=_("Đơn vị phản ánh vướng mắc về kế hoạch %(ref)s: %(unit)s")
        % {"ref": campaign.reference, "unit": actor.unit.name},
        body=question.text,
        link=f"{campaign.get_absolute_url()}#phan-anh-{question.pk}",
    )
    return question


def answer_question(*, actor: User, question: CampaignQuestion, answer: str) -> CampaignQuestion:
    """Phòng Nội vụ answers (or corrects its answer); the answer becomes visible to every
    participating unit. Side effects: audit entry; a notification to the asking unit's clerks
    (e-mail through the outbox)."""
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

    def after(locked: CampaignQuestion) -> None:
        campaign = locked.campaign
        notify(
            recipients=User.objects.filter(
                unit_id=locked.unit_id, role_assignments__role=Role.CLERK, is_active=True
            ).distinct(),
            verb="question.answered",
            title=_("Phòng Nội vụ đã trả lời phản ánh của đơn vị về kế hoạch %(ref)s")
            % {"ref": campaign.reference},
            body=answer,
            link=f"{campaign.get_absolute_url()}#phan-anh-{locked.pk}",
        )

    return transition(
        QUESTION_WORKFLOW,
        actor=actor,
        obj=question,
        action=QuestionAction.ANSWER,
        prepare=prepare,
        after=after,
    )
