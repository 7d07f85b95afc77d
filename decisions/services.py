"""Writes of the decision stage: drafting from the awardable nominees, the drafter's edits,
submitting for signature, the signer's return, the sign-off (number, date, final PDF, digital
signature, awards) and the corrections (amending and revoking decisions).

Every change of state goes through decisions.workflow (the shared helper) or, for nominees and
dossiers, nominations.workflow. Notifications are written in the same transaction; their
e-mails leave on commit through the outbox; PDFs are rendered by the worker (the sign-off runs
in the task `decisions.sign_decisions`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.workflow import TransitionError
from campaigns.documents import movement_phrase
from campaigns.enums import RecipientKind
from campaigns.models import Campaign
from documents.blocks import local_name
from documents.services import register_document, render_document
from documents.vietnamese import short_date
from nominations.enums import DossierAction, DossierStatus, NomineeAction, NomineeStatus
from nominations.models import Dossier, Nominee
from nominations.workflow import transition_dossiers, transition_nominees
from notifications.outbox import enqueue
from notifications.services import notify
from organizations.enums import SIGNER_ROLES, Role
from organizations.models import User
from organizations.vietnamese import fold, name_sort_key

from . import money
from .enums import (
    DECISION_DOC_TYPE,
    DecisionAction,
    DecisionPurpose,
    DecisionStatus,
    Grouping,
    ListOrder,
)
from .models import Decision, DecisionLine
from .selectors import Awardable, PrizeTable, awardable_nominees, lines_of
from .workflow import DECISION_WORKFLOW, transition_decision, transition_decisions

EDITABLE_FIELDS = (
    "title", "proposal_text", "extra_bases", "funding_source", "implementers", "recipients",
    "list_order", "amendment_text", "signer",
)  # fmt: skip


def _require(actor: User, permission: str, decision: Decision) -> None:
    if not actor.has_perm(permission, decision):
        raise TransitionError(
            _("Anh/chị không có quyền thực hiện thao tác này với quyết định."), code="forbidden"
        )


def _check_signer(signer: User | None, authority_id: int) -> User:
    if (
        signer is None
        or not signer.is_active
        or signer.authority_id != authority_id
        or not signer.roles & SIGNER_ROLES
    ):
        raise TransitionError(
            _("Người ký phải là Chủ tịch hoặc Phó Chủ tịch của cơ quan."),
            code="invalid",
            errors={"signer": [_("Chọn Chủ tịch hoặc một Phó Chủ tịch.")]},
        )
    return signer


# --- The attached list -----------------------------------------------------------------------


def _position(nominee: Nominee) -> str:
    if nominee.kind == RecipientKind.COLLECTIVE:
        return nominee.parent_unit_name or nominee.dossier.unit.name
    parts = [p for p in (nominee.position, nominee.workplace or nominee.dossier.unit.name) if p]
    return ", ".join(parts)


def words_sort_key(text: str) -> tuple:
    """Vietnamese alphabetical order of a name read as it is written (units, collectives)."""
    return tuple(name_sort_key(word) for word in text.split())


def list_sort_key(order: str):
    """The attached list's order: sections (collectives first), then as configured."""
    sections = {
        RecipientKind.COLLECTIVE: 0,
        RecipientKind.INDIVIDUAL: 1,
        RecipientKind.HOUSEHOLD: 2,
    }

    def key(line: DecisionLine):
        section = sections.get(line.recipient_kind, 9)
        if order == ListOrder.DOSSIER:
            return (section, line.nominee.dossier_id, line.nominee.order, line.nominee_id)
        name = (
            name_sort_key(line.full_name)
            if line.recipient_kind != RecipientKind.COLLECTIVE
            else words_sort_key(line.full_name)
        )
        if order == ListOrder.NAME:
            return (section, name, line.nominee_id)
        return (section, words_sort_key(line.unit_name), name, line.nominee_id)

    return key


def _renumber(decision: Decision) -> None:
    """Order the list and give each row its số sổ vàng (its place in the list)."""
    rows = list(decision.lines.select_related("nominee"))
    rows.sort(key=list_sort_key(decision.list_order))
    # Two passes: the (decision, register number) pair is unique.
    DecisionLine.objects.filter(pk__in=[r.pk for r in rows]).update(register_number=None)
    for i, line in enumerate(rows, start=1):
        line.order = i
        line.register_number = i
    DecisionLine.objects.bulk_update(rows, ["order", "register_number"])


def _person_key(nominee: Nominee) -> tuple:
    if nominee.kind == RecipientKind.INDIVIDUAL:
        return ("person", fold(nominee.full_name), nominee.birth_date)
    return (nominee.kind, fold(nominee.full_name), fold(nominee.parent_unit_name))


def price_lines(*, decision: Decision, day: dt.date, strict: bool) -> list[str]:
    """Set each line's coefficient and amount from the rates in force on `day` (the signing
    date), paying a person with several awards for the same achievement only the highest.
    Returns the warnings for the drafter; with `strict`, a missing rate refuses (TransitionError).
    """
    rows = list(decision.lines.select_related("nominee", "award_form"))
    table = PrizeTable([line.award_form_id for line in rows])
    warnings: list[str] = []
    try:
        base = table.base_salary(day)
    except money.MissingRate:
        base = None
        message = _("Chưa có mức lương cơ sở áp dụng ngày %(day)s.") % {
            "day": day.strftime("%d/%m/%Y")
        }
        if strict:
            raise TransitionError(message, code="invalid") from None
        warnings.append(message)
    prizes = []
    for line in rows:
        line.coefficient, line.amount = None, None
        if decision.purpose == DecisionPurpose.REVOKE and line.revokes_id:
            original = line.revokes
            line.coefficient, line.amount, line.paid = (
                original.coefficient,
                original.amount,
                original.paid,
            )
            continue
        try:
            line.coefficient = table.coefficient(
                award_form_id=line.award_form_id, recipient_kind=line.recipient_kind, day=day
            )
        except money.MissingRate:
            message = _("Chưa có hệ số tiền thưởng của “%(form)s” cho %(kind)s.") % {
                "form": line.award_form.name,
                "kind": RecipientKind(line.recipient_kind).label.lower(),
            }
            if strict:
                raise TransitionError(message, code="invalid") from None
            if message not in warnings:
                warnings.append(message)
            continue
        if base is not None:
            line.amount = money.prize_amount(coefficient=line.coefficient, base_salary=base)
            prizes.append(
                money.Prize(
                    ref=line.pk,
                    person=_person_key(line.nominee),
                    achievement=decision.campaign_id,
                    amount=line.amount,
                )
            )
    if decision.purpose != DecisionPurpose.REVOKE:
        decided, _unpaid = money.highest_only(prizes)
        paid = {p.ref: p.paid for p in decided}
        for line in rows:
            line.paid = paid.get(line.pk, True)
            if not line.paid:
                line.note = _("Hưởng mức tiền thưởng cao nhất")
                warnings.append(
                    _(
                        "%(name)s được đề nghị nhiều hình thức cho cùng thành tích: chỉ hưởng "
                        "mức tiền thưởng cao nhất."
                    )
                    % {"name": line.full_name}
                )
    DecisionLine.objects.bulk_update(rows, ["coefficient", "amount", "paid", "note"])
    return warnings


# --- Drafting --------------------------------------------------------------------------------


def _default_title(forms: list[str], campaign: Campaign) -> str:
    gives = "Giấy khen" if all(f.startswith("Giấy khen") for f in forms) else ", ".join(forms)
    return (
        f"Về việc tặng {gives} cho các tập thể, cá nhân đã có thành tích xuất sắc trong "
        f"{movement_phrase(campaign)}"
    )


def _session_bases(sessions: list[Any]) -> list[str]:
    """The council's proposal (Tờ trình of the Hội đồng Thi đua - Khen thưởng) of each session."""
    from council.selectors import proposal_reference

    bases = []
    for session in sessions:
        ref = proposal_reference(session)
        if ref.text:
            when = f" ngày {short_date(ref.issued_on)}" if ref.issued_on else ""
            bases.append(
                f"Tờ trình số {ref.text}{when} của Hội đồng Thi đua - Khen thưởng "
                f"{local_name(session.council.authority)} về việc đề nghị khen thưởng"
            )
    return bases


def _default_proposal(campaign: Campaign, sessions: list[Any]) -> str:
    if sessions:
        return (
            f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {local_name(campaign.authority)} "
            f"và Trưởng phòng Nội vụ."
        )
    return "Xét đề nghị của Trưởng phòng Nội vụ."


def draft_decisions(
    *,
    actor: User,
    campaign: Campaign,
    signer: User,
    grouping: str = Grouping.PER_FORM,
    list_order: str = ListOrder.UNIT_THEN_NAME,
    proposal_text: str = "",
    extra_bases: Sequence[str] = (),
    nominees: Iterable[Nominee] | None = None,
) -> tuple[list[Decision], list[str]]:
    """Draft the decisions of a campaign from its awardable nominees: one per award form, or one
    for all, as the drafter chooses. Each nominee lands in exactly one award decision (a
    database constraint). Returns the decisions and the warnings (prize money) for the drafter.
    Side effects: the decisions, their lines, an audit entry each.
    """
    from audit.services import record

    probe = Decision(authority=campaign.authority, campaign=campaign)
    _require(actor, "decisions.draft_decision", probe)
    _check_signer(signer, campaign.authority_id)
    if grouping not in Grouping.values or list_order not in ListOrder.values:
        raise TransitionError(_("Cách lập quyết định không hợp lệ."), code="invalid")
    with transaction.atomic():
        chosen = awardable_nominees(campaign)
        # Lock the nominees: two drafters at once cannot both take one (the constraint would
        # refuse the second anyway).
        list(
            Nominee.objects.select_for_update(of=("self",))
            .filter(pk__in=[a.nominee.pk for a in chosen])
            .order_by("pk")
        )
        if nominees is not None:
            wanted = {n.pk for n in nominees}
            chosen = [a for a in chosen if a.nominee.pk in wanted]
        if not chosen:
            raise TransitionError(
                _("Không còn tập thể, cá nhân nào được đề nghị khen thưởng chưa có quyết định."),
                code="invalid",
            )
        groups: OrderedDict[Any, list[Awardable]] = OrderedDict()
        chosen.sort(key=lambda a: (a.award_form.order, a.award_form.pk))
        for awardable in chosen:
            key = awardable.award_form.pk if grouping == Grouping.PER_FORM else "all"
            groups.setdefault(key, []).append(awardable)
        decisions, warnings = [], []
        for group in groups.values():
            forms = list(OrderedDict.fromkeys(a.award_form.name for a in group))
            sessions = list(OrderedDict.fromkeys(a.session for a in group if a.session))
            decision = Decision.objects.create(
                authority=campaign.authority,
                campaign=campaign,
                purpose=DecisionPurpose.AWARD,
                title=_default_title(forms, campaign),
                signer=signer,
                proposal_text=proposal_text or _default_proposal(campaign, sessions),
                extra_bases=[*_session_bases(sessions), *extra_bases],
                list_order=list_order,
                session=sessions[0] if sessions else None,
                created_by=actor,
            )
            try:
                with transaction.atomic():
                    DecisionLine.objects.bulk_create(
                        [
                            DecisionLine(
                                decision=decision,
                                purpose=DecisionPurpose.AWARD,
                                nominee=a.nominee,
                                award_form=a.award_form,
                                recipient_kind=a.nominee.kind,
                                full_name=a.nominee.full_name,
                                position=_position(a.nominee),
                                unit_name=a.nominee.dossier.unit.name,
                            )
                            for a in group
                        ]
                    )
            except IntegrityError:
                raise TransitionError(
                    _("Một tập thể, cá nhân đã có trong quyết định khác. Vui lòng tải lại trang."),
                    code="stale",
                ) from None
            _renumber(decision)
            warnings += price_lines(decision=decision, day=timezone.localdate(), strict=False)
            record(
                actor=actor,
                action="decision.draft",
                target=decision,
                authority=campaign.authority,
                to_state=decision.status,
                data={"lines": len(group), "grouping": grouping},
            )
            decisions.append(decision)
    return decisions, list(OrderedDict.fromkeys(warnings))


def draft_correction(
    *,
    actor: User,
    target: Decision,
    purpose: str,
    signer: User,
    lines: Iterable[DecisionLine] = (),
    amendment_text: str = "",
    title: str = "",
) -> Decision:
    """Draft a decision that amends (sửa đổi, bổ sung) or revokes (hủy bỏ) a signed one. A
    revoking decision lists the lines it revokes (every line if none is given).
    Side effects: the decision, its lines, an audit entry.
    """
    from audit.services import record

    _require(actor, "decisions.draft_decision", target)
    _check_signer(signer, target.authority_id)
    if purpose not in (DecisionPurpose.AMEND, DecisionPurpose.REVOKE):
        raise TransitionError(_("Loại quyết định không hợp lệ."), code="invalid")
    if not target.is_issued or target.status == DecisionStatus.REVOKED:
        raise TransitionError(
            _("Chỉ sửa đổi, hủy bỏ được quyết định đã ký và còn hiệu lực."), code="illegal_state"
        )
    if purpose == DecisionPurpose.AMEND and not amendment_text.strip():
        raise TransitionError(
            _("Vui lòng ghi nội dung sửa đổi, bổ sung."),
            code="invalid",
            errors={"amendment_text": [_("Bắt buộc.")]},
        )
    with transaction.atomic():
        originals = list(lines) or list(
            target.lines.filter(purpose=DecisionPurpose.AWARD).exclude(revoked_by__isnull=False)
        )
        if purpose == DecisionPurpose.REVOKE and (
            not originals or any(line.decision_id != target.pk for line in originals)
        ):
            raise TransitionError(
                _("Chọn các tập thể, cá nhân của quyết định cần hủy bỏ."), code="invalid"
            )
        about = target.title[:1].lower() + target.title[1:]
        default_title = (
            f"Về việc hủy bỏ Quyết định số {target.reference} {about}"
            if purpose == DecisionPurpose.REVOKE
            else f"Về việc sửa đổi, bổ sung Quyết định số {target.reference} {about}"
        )
        decision = Decision.objects.create(
            authority=target.authority,
            campaign=target.campaign,
            purpose=purpose,
            target=target,
            title=(title or default_title)[:500],
            signer=signer,
            amendment_text=amendment_text,
            list_order=target.list_order,
            created_by=actor,
        )
        if purpose == DecisionPurpose.REVOKE:
            DecisionLine.objects.bulk_create(
                [
                    DecisionLine(
                        decision=decision,
                        purpose=DecisionPurpose.REVOKE,
                        nominee_id=line.nominee_id,
                        award_form_id=line.award_form_id,
                        recipient_kind=line.recipient_kind,
                        full_name=line.full_name,
                        position=line.position,
                        unit_name=line.unit_name,
                        coefficient=line.coefficient,
                        amount=line.amount,
                        paid=line.paid,
                        revokes=line,
                    )
                    for line in originals
                ]
            )
            _renumber(decision)
        record(
            actor=actor,
            action="decision.draft",
            target=decision,
            authority=target.authority,
            to_state=decision.status,
            data={"purpose": purpose, "target": target.pk},
        )
    return decision


def update_decision(
    *, actor: User, decision: Decision, expected_version: int, data: dict[str, Any]
) -> Decision:
    """The drafter's edit of the text (draft or returned only; never a signed decision).
    Side effects: the decision's fields, its list's order, an audit entry."""
    from audit.services import record

    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        _require(actor, "decisions.draft_decision", locked)
        if not locked.is_editable:
            raise TransitionError(
                _("Quyết định đã trình ký hoặc đã ban hành: không sửa được."),
                code="illegal_state",
            )
        if locked.version != expected_version:
            raise TransitionError(DECISION_WORKFLOW.stale_message, code="stale")
        if "signer" in data:
            _check_signer(data["signer"], locked.authority_id)
        changed = []
        for name in EDITABLE_FIELDS:
            if name in data and getattr(locked, name) != data[name]:
                setattr(locked, name, data[name])
                changed.append(name)
        locked.version += 1
        locked.save()
        if "list_order" in changed:
            _renumber(locked)
        record(
            actor=actor,
            action="decision.edit",
            target=locked,
            authority=locked.authority,
            data={"fields": changed},
        )
    decision.refresh_from_db()
    return decision


def submit_decision(
    *, actor: User, decision: Decision, expected_version: int | None = None
) -> Decision:
    """Send the draft to the signer (trình ký). Side effects: the signer is notified."""

    def prepare(locked: Decision) -> None:
        if not locked.lines.exists() and locked.purpose != DecisionPurpose.AMEND:
            raise TransitionError(_("Quyết định chưa có danh sách kèm theo."), code="incomplete")
        price_lines(decision=locked, day=timezone.localdate(), strict=False)
        locked.submitted_at = timezone.now()
        locked.signing_error = ""

    def after(locked: Decision) -> None:
        from documents.services import request_signoff

        from .documents import decision_data, signer_form

        request_signoff(
            actor=actor,
            kind=SIGNOFF_KIND,
            obj=locked,
            authority=locked.authority,
            signer=locked.signer,
            signer_form=signer_form(locked),
            title=locked.title,
            preview_kind="decision",
            preview_data=decision_data(locked),
        )

    return transition_decision(
        actor=actor,
        decision=decision,
        action=DecisionAction.SUBMIT,
        expected_version=expected_version,
        prepare=prepare,
        after=after,
    )


def return_decision(*, actor: User, decision: Decision, comment: str) -> Decision:
    """The signer sends the draft back with a comment (from his signing page: the sign-off's
    on_return); the drafter sees it on the decision and revises.
    Side effects: the drafter is notified."""
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError(
            _("Vui lòng ghi ý kiến để người soạn chỉnh sửa."),
            code="invalid",
            errors={"comment": [_("Bắt buộc.")]},
        )

    def prepare(locked: Decision) -> None:
        if locked.register_entry_id:
            raise TransitionError(
                _(
                    "Quyết định đã được cấp số: không trả lại được, hãy ký hoặc lập quyết định "
                    "hủy bỏ."
                ),
                code="illegal_state",
            )
        locked.return_comment = comment
        locked.returned_at = timezone.now()

    def after(locked: Decision) -> None:
        notify(
            recipients=[locked.created_by] if locked.created_by else [],
            verb="decision.returned",
            title=_("Quyết định bị trả lại: %(title)s") % {"title": locked.title[:200]},
            body=comment,
            link=reverse("decisions:detail", args=[locked.pk]),
        )

    return transition_decision(
        actor=actor, decision=decision, action=DecisionAction.RETURN, comment=comment,
        prepare=prepare, after=after,
    )  # fmt: skip


# --- The sign-off ----------------------------------------------------------------------------

SIGNOFF_KIND = "decision"


def on_signoff_approved(signoff: Any, decision: Decision, actor: User, data: dict) -> None:
    """The signer approved on his signing page (documents' sign-off): the worker numbers,
    renders and signs in one transaction (sign_decisions), with his configured certificate, or,
    without one (his own USB token) or when asked, only numbers and renders, for him to upload
    the signed file. Runs inside the approval's transaction; the task leaves on commit."""
    from . import signing

    if not DECISION_WORKFLOW.can(actor, decision, DecisionAction.SIGN):
        raise TransitionError(
            DECISION_WORKFLOW.refused_message % {"action": DecisionAction.SIGN.label},
            code="forbidden",
        )
    token = bool((data or {}).get("token")) or not signing.has_certificate(actor)
    request_signing(actor=actor, decisions=[decision], token=token)


def on_signoff_returned(signoff: Any, decision: Decision, actor: User) -> None:
    if decision.status == DecisionStatus.SUBMITTED:
        return_decision(actor=actor, decision=decision, comment=signoff.return_reason)


def on_signoff_withdrawn(signoff: Any, decision: Decision, actor: User) -> None:
    if decision.status == DecisionStatus.SUBMITTED:
        transition_decision(actor=actor, decision=decision, action=DecisionAction.WITHDRAW)


def _settle_register_entry(decision: Decision) -> None:
    """The approved sign-off request carries the number it led to."""
    from documents.models import SignOffRequest

    SignOffRequest.objects.filter(
        kind=SIGNOFF_KIND, object_id=str(decision.pk), register_entry__isnull=True
    ).exclude(status="pending").update(register_entry=decision.register_entry)


def request_signing(*, actor: User, decisions: Sequence[Decision], token: bool = False) -> None:
    """The signer asks to sign (or, with `token`, to number the PDF for his own USB token).
    Checks now what can be checked; the worker does the sign-off (task decisions.sign_decisions).
    Side effects: an outbox message; the decisions' signing_requested_at."""
    if not decisions:
        raise TransitionError(_("Chọn quyết định cần ký."), code="invalid")
    for decision in decisions:
        if not DECISION_WORKFLOW.can(actor, decision, DecisionAction.SIGN):
            raise TransitionError(
                DECISION_WORKFLOW.refused_message % {"action": DecisionAction.SIGN.label},
                code="forbidden",
            )
    ids = sorted(d.pk for d in decisions)
    with transaction.atomic():
        Decision.objects.filter(pk__in=ids).update(
            signing_requested_at=timezone.now(), signing_error=""
        )
        enqueue("decisions.sign_decisions", ids, actor.pk, bool(token))


def _issue(locked: Decision, *, actor: User, day: dt.date) -> None:
    """Give the number (once) and date, freeze the text, bind its first rendering."""
    if locked.register_entry_id is None:
        price_lines(decision=locked, day=day, strict=True)
        entry = register_document(
            authority=locked.authority,
            doc_type=DECISION_DOC_TYPE,
            issued_on=day,
            title=locked.title,
            target_kind="decision",
            target_id=str(locked.pk),
            actor=actor,
        )
        locked.register_entry = entry
        locked.number = entry.number
        locked.signed_on = day
        from .documents import decision_data

        locked.issued_data = decision_data(locked)
        locked.save()
        _settle_register_entry(locked)


def issued_pdf(decision: Decision) -> bytes:
    """The numbered, unsigned PDF (what an external signer signs)."""
    doc = render_document(kind="decision", object_id=decision.pk)
    with doc.file.open("rb") as fh:
        return fh.read()


def _award(actor: User, rows: list[Decision]) -> None:
    """After signing: awards reach nominees and dossiers, revoked awards are revoked, corrected
    decisions move, clerks are notified."""
    award_ids = [d.pk for d in rows if d.purpose == DecisionPurpose.AWARD]
    revoke_ids = [d.pk for d in rows if d.purpose == DecisionPurpose.REVOKE]
    awarded = list(Nominee.objects.filter(decision_lines__decision_id__in=award_ids))
    if awarded:
        transition_nominees(actor=actor, nominees=awarded, action=NomineeAction.AWARD)
    revoked = list(Nominee.objects.filter(decision_lines__decision_id__in=revoke_ids))
    if revoked:
        transition_nominees(actor=actor, nominees=revoked, action=NomineeAction.REVOKE)
    # A dossier the council decided is awarded once none of its nominees waits any more.
    dossier_ids = {n.dossier_id for n in awarded}
    waiting = set(
        Nominee.objects.filter(
            dossier_id__in=dossier_ids,
            status__in=[NomineeStatus.PENDING, NomineeStatus.ELIGIBLE, NomineeStatus.RECOMMENDED],
        ).values_list("dossier_id", flat=True)
    )
    done = list(Dossier.objects.filter(pk__in=dossier_ids - waiting, status=DossierStatus.DECIDED))
    if done:
        transition_dossiers(actor=actor, dossiers=done, action=DossierAction.AWARD)
    for decision in rows:
        if decision.purpose != DecisionPurpose.AWARD and decision.target_id:
            target = decision.target
            action = DecisionAction.AMEND
            if decision.purpose == DecisionPurpose.REVOKE:
                left = target.lines.filter(purpose=DecisionPurpose.AWARD, revoked_by__isnull=True)
                action = DecisionAction.REVOKE if not left.exists() else DecisionAction.AMEND
            transition_decision(
                actor=actor,
                decision=target,
                action=action,
                data={"by": decision.pk, "reference": decision.reference},
            )
    units = {n.dossier.unit_id for n in awarded + revoked}
    clerks = User.objects.filter(
        unit_id__in=units, role_assignments__role=Role.CLERK, is_active=True
    ).distinct()
    for decision in rows:
        notify(
            recipients=clerks,
            verb=f"decision.{decision.purpose}",
            title=_("Đã ban hành Quyết định số %(ref)s") % {"ref": decision.reference},
            body=decision.title,
            link=reverse("nominations:list"),
        )


def sign_decisions(
    *,
    actor: User,
    decisions: Sequence[Decision],
    day: dt.date | None = None,
    token: bool = False,
) -> list[Decision]:
    """The sign-off, all in one transaction (the worker runs it): for each decision, lock it,
    price the list on the signing date, take the next number from the register, date it,
    freeze the text, render the final PDF and apply the signer's PAdES signature; then move the
    decisions to "signed" and their nominees (and dossiers) to "awarded". Anything failing
    (a render, the certificate) rolls everything back: no number consumed, nothing signed.
    With `token`, only numbers and renders (the signer signs the PDF with his own token and
    uploads it: accept_signed_upload); the decisions stay "submitted".
    Side effects: register entries, rendered and signed PDFs, audit entries, notifications.
    """
    from . import signing

    day = day or timezone.localdate()
    now = timezone.now()

    def prepare(locked: Decision) -> None:
        _issue(locked, actor=actor, day=locked.signed_on or day)
        pdf = issued_pdf(locked)
        signed = signing.sign_pdf(pdf, signer=actor, authority=locked.authority, when=now)
        _store_signed(locked, signed, source="app", when=now)

    if token:
        with transaction.atomic():
            rows = list(
                Decision.objects.select_for_update()
                .filter(pk__in=[d.pk for d in decisions])
                .order_by("pk")
            )
            for locked in rows:
                DECISION_WORKFLOW.check(actor=actor, locked=locked, action=DecisionAction.SIGN)
                _issue(locked, actor=actor, day=locked.signed_on or day)
                issued_pdf(locked)
        return rows
    return transition_decisions(
        actor=actor,
        decisions=decisions,
        action=DecisionAction.SIGN,
        prepare=prepare,
        after=lambda rows: _award(actor, rows),
    )


def _store_signed(locked: Decision, signed: bytes, *, source: str, when: dt.datetime) -> None:
    locked.signed_file.save(f"{locked.pk}.pdf", ContentFile(signed), save=False)
    locked.signed_sha256 = hashlib.sha256(signed).hexdigest()
    locked.signature_source = source
    locked.signed_at = when
    locked.signing_error = ""


def accept_signed_upload(*, actor: User, decision: Decision, content: bytes) -> Decision:
    """The signer's own signed PDF (USB token): accepted only if the signature is valid, covers
    the whole file, was made over the document thidua numbered, and by the signer's certificate.
    Anything else is refused with the reason and the decision stays unsigned.
    Side effects: as sign_decisions, with the uploaded file as the signed PDF.
    """
    from . import signing

    if not decision.register_entry_id:
        raise TransitionError(
            _("Quyết định chưa được cấp số: hãy tải bản PDF đã cấp số về để ký."),
            code="illegal_state",
        )
    now = timezone.now()

    def prepare(locked: Decision) -> None:
        expected = issued_pdf(locked)
        signing.check_signed_pdf(
            content, expected=expected, signer=actor
        )  # raises SignatureRefused
        _store_signed(locked, content, source="upload", when=now)

    try:
        return transition_decision(
            actor=actor,
            decision=decision,
            action=DecisionAction.SIGN,
            prepare=prepare,
            after=lambda locked: _award(actor, [locked]),
        )
    except signing.SignatureRefused as exc:
        raise TransitionError(str(exc), code="invalid", errors={"file": [str(exc)]}) from None


def record_signing_failure(*, decision_ids: Sequence[int], error: str) -> None:
    """What the worker could not sign: shown to the signer on his page (not a state)."""
    Decision.objects.filter(pk__in=list(decision_ids)).update(
        signing_error=error[:2000], signing_requested_at=None
    )


def lines_for_display(decision: Decision) -> list[DecisionLine]:
    return list(lines_of(decision))
