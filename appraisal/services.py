"""Phòng Nội vụ's writes: receipt, per-nominee appraisal, return, rejection, forwarding, reminders.

Every change of a dossier's or a nominee's state goes through nominations.workflow (the shared
transition helper); a verdict is the nominee's own state change plus its Appraisal record.
Notifications are written in the same transaction; their e-mails leave on commit.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.workflow import TransitionError
from campaigns.models import AwardOffer, Campaign
from documents.signoff import SignOffProvider
from nominations.enums import (
    APPRAISAL_STATUSES,
    APPRAISAL_VERDICTS,
    VERDICT_ACTIONS,
    DossierAction,
    DossierStatus,
    NomineeAction,
)
from nominations.enums import NomineeStatus as NS
from nominations.models import Dossier, Nominee
from nominations.workflow import transition_dossier, transition_nominee, transition_nominees
from notifications.services import notify
from organizations.enums import Role
from organizations.models import Authority, User
from workdays.services import add_working_days

from .enums import Verdict
from .models import Appraisal, AppraisalReport, IncomingNumberSequence

# The common conditions an appraiser ticks, recorded with each verdict.
CHECKLIST_ITEMS: tuple[tuple[str, Any], ...] = (
    ("documents_complete", gettext_lazy("Hồ sơ đủ thành phần (tờ trình, báo cáo thành tích)")),
    ("in_scope", gettext_lazy("Đúng đối tượng, phạm vi và thời gian của phong trào")),
    ("quota_respected", gettext_lazy("Trong chỉ tiêu số lượng được đề nghị")),
    ("unit_minutes", gettext_lazy("Có biên bản họp xét của Hội đồng TĐKT đơn vị")),
)
CHECKLIST_KEYS = tuple(key for key, _label in CHECKLIST_ITEMS)


def _fmt(day: date | None) -> str:
    return date_format(day, "d/m/Y") if day else ""


def _clerks_of(dossier: Dossier) -> list[User]:
    return list(
        User.objects.filter(
            unit_id=dossier.unit_id, role_assignments__role=Role.CLERK, is_active=True
        ).distinct()
    )


def _clerk_link(dossier: Dossier) -> str:
    """The clerk's page of the dossier (issue 4's view) or, until it exists, the timeline."""
    for name in ("nominations:detail", "appraisal:timeline"):
        try:
            return reverse(name, args=[dossier.pk])
        except NoReverseMatch:
            continue
    return ""


def _council_link() -> str:
    try:
        return reverse("council:index")
    except NoReverseMatch:
        return ""


def _appraisal_link(dossier: Dossier) -> str:
    return reverse("appraisal:dossier", args=[dossier.pk])


def next_incoming_number(*, authority: Authority, year: int) -> str:
    """Take the next number of the authority's incoming register for `year` (sổ đến).

    Locks the counter row until the surrounding transaction ends, so two receipts at the same
    moment get two different numbers and a rolled-back receipt gives its number back.
    """
    with transaction.atomic():
        IncomingNumberSequence.objects.get_or_create(authority=authority, year=year)
        sequence = IncomingNumberSequence.objects.select_for_update().get(
            authority=authority, year=year
        )
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
    return f"{sequence.last_number:02d}/{year}"


def receive_dossier(
    *, actor: User, dossier: Dossier, expected_version: int | None = None
) -> Dossier:
    """Receive (tiếp nhận) a submitted or resubmitted dossier.

    Records the receipt time, gives it an incoming number (kept on a re-receipt after
    correction) and starts the processing clock: due date = receipt date + the authority's
    processing working days. Side effect: none besides the audit entry.
    """
    data: dict[str, Any] = {}

    def prepare(locked: Dossier) -> None:
        authority = locked.campaign.authority
        now = timezone.now()
        today = timezone.localdate(now)
        locked.received_at = now
        if not locked.incoming_number:
            locked.incoming_number = next_incoming_number(authority=authority, year=today.year)
        locked.due_date = add_working_days(today, authority.processing_working_days, authority)
        data.update(incoming_number=locked.incoming_number, due_date=locked.due_date.isoformat())

    return transition_dossier(
        actor=actor,
        dossier=dossier,
        action=DossierAction.RECEIVE,
        data=data,
        expected_version=expected_version,
        prepare=prepare,
    )


def _check_verdict(verdict: str, reason: str) -> None:
    if verdict not in APPRAISAL_VERDICTS:
        raise TransitionError(_("Kết luận thẩm định không hợp lệ."), code="invalid")
    if verdict == Verdict.NOT_ELIGIBLE and not reason:
        raise TransitionError(
            _("Vui lòng ghi lý do không đủ điều kiện."), code="invalid", errors={"reason": []}
        )
    if verdict == Verdict.NEEDS_CORRECTION and not reason:
        raise TransitionError(
            _("Vui lòng ghi rõ nội dung cần bổ sung, chỉnh sửa."),
            code="invalid",
            errors={"reason": []},
        )


def appraise_nominee(
    *,
    actor: User,
    nominee: Nominee,
    verdict: str,
    reason: str = "",
    checklist: dict[str, bool] | None = None,
    award_offer: AwardOffer | None = None,
    award_change_reason: str = "",
    expected_appraisal_id: int | None = None,
) -> Appraisal:
    """Record an appraiser's verdict on one nominee (the nominee's state change).

    Eligible, not eligible (reason required) or needs correction (what to correct required);
    optionally a different award form of the same campaign, with a reason. The first verdict on a
    received dossier moves it to "under appraisal". Locks the dossier then the nominee; refuses
    when another appraiser recorded a verdict on this nominee since the form was loaded
    (`expected_appraisal_id`, 0 for none). The verdict's reason belongs to this verdict only.
    Writes an Appraisal row (the current one) and an audit entry.
    """
    reason = (reason or "").strip()
    if verdict == Verdict.ELIGIBLE:
        # A reason belongs to the verdict it was written for: what a "needs correction" verdict
        # asked for is not kept (nor shown to the unit) beside a later "eligible".
        reason = ""
    award_change_reason = (award_change_reason or "").strip()
    _check_verdict(verdict, reason)
    checklist = {key: bool((checklist or {}).get(key)) for key in CHECKLIST_KEYS}
    data: dict[str, Any] = {"dossier": nominee.dossier_id, "checklist": checklist}
    made: dict[str, Appraisal] = {}
    with transaction.atomic():
        # The dossier first (the same order as forward/return), so a verdict and a forward of
        # the same dossier wait for each other.
        dossier = Dossier.objects.select_for_update().get(pk=nominee.dossier_id)
        if dossier.status == DossierStatus.RECEIVED and actor.has_perm(
            "nominations.appraise_nominee", nominee
        ):
            transition_dossier(actor=actor, dossier=dossier, action=DossierAction.START_APPRAISAL)
        before: dict[str, AwardOffer | None] = {"offer": None}

        def prepare(locked: Nominee) -> None:
            status = Dossier.objects.values_list("status", flat=True).get(pk=locked.dossier_id)
            if status not in APPRAISAL_STATUSES:
                raise TransitionError(
                    _("Không thể thẩm định khi hồ sơ đang ở trạng thái “%(status)s”.")
                    % {"status": DossierStatus(status).label},
                    code="illegal_state",
                )
            last_id = (
                Appraisal.objects.filter(nominee=locked)
                .order_by("-pk")
                .values_list("pk", flat=True)
                .first()
                or 0
            )
            if expected_appraisal_id is not None and last_id != expected_appraisal_id:
                raise TransitionError(
                    _(
                        "Một cán bộ khác vừa ghi kết luận thẩm định cho “%(name)s”. "
                        "Vui lòng tải lại trang để xem kết luận mới nhất."
                    )
                    % {"name": locked.full_name},
                    code="stale",
                )
            if award_offer is not None and award_offer.pk != locked.award_offer_id:
                if award_offer.campaign_id != locked.dossier.campaign_id:
                    raise TransitionError(
                        _("Hình thức khen thưởng phải thuộc kế hoạch của hồ sơ."), code="invalid"
                    )
                if award_offer.award_form.recipient_kind != locked.kind:
                    raise TransitionError(
                        _("Hình thức “%(form)s” không dành cho đối tượng này.")
                        % {"form": award_offer.award_form.name},
                        code="invalid",
                    )
                if not award_change_reason:
                    raise TransitionError(
                        _("Vui lòng ghi lý do thay đổi hình thức khen thưởng."),
                        code="invalid",
                        errors={"award_change_reason": []},
                    )
                before["offer"] = locked.award_offer
                locked.award_offer = award_offer
                data.update(
                    award_form_before=before["offer"].award_form.name,
                    award_form_after=award_offer.award_form.name,
                    award_change_reason=award_change_reason,
                )

        def after(locked: Nominee) -> None:
            previous = Appraisal.objects.filter(nominee=locked, is_current=True).first()
            Appraisal.objects.filter(nominee=locked, is_current=True).update(is_current=False)
            if before["offer"] is not None:
                change = (before["offer"], award_offer, award_change_reason)
            else:
                change = _carried_change(previous, locked)
            made["appraisal"] = Appraisal.objects.create(
                dossier_id=locked.dossier_id,
                nominee=locked,
                appraiser=actor,
                verdict=verdict,
                reason=reason,
                checklist=checklist,
                award_offer_before=change[0],
                award_offer_after=change[1],
                award_change_reason=change[2],
                is_current=True,
            )

        transition_nominee(
            actor=actor,
            nominee=nominee,
            action=VERDICT_ACTIONS[verdict],
            comment=reason,
            data=data,
            prepare=prepare,
            after=after,
        )
    return made["appraisal"]


def _carried_change(
    previous: Appraisal | None, nominee: Nominee
) -> tuple[AwardOffer | None, AwardOffer | None, str]:
    """The award-form change an earlier verdict made, while the nominee still has the form it
    was changed to: the current verdict keeps showing the unit's original proposal and why it
    was changed (to the unit and in the appraisal report)."""
    if (
        previous is not None
        and previous.award_offer_after_id
        and previous.award_offer_after_id == nominee.award_offer_id
    ):
        return (
            previous.award_offer_before,
            previous.award_offer_after,
            previous.award_change_reason,
        )
    return (None, None, "")


def appraise_remaining_eligible(
    *, actor: User, dossier: Dossier, expected_version: int | None = None
) -> list[Appraisal]:
    """Mark every nominee of the dossier still without a verdict ("chờ thẩm định") eligible,
    with every checklist item ticked, in one transaction (all or nothing).

    The nominees' state changes go through the shared helper (one audit entry each, locked in
    primary-key order); a received dossier moves to "under appraisal" first. Refuses when the
    dossier changed since the page was loaded (`expected_version`) or nothing remains.
    Writes one current Appraisal per nominee. No notification.
    """
    checklist = dict.fromkeys(CHECKLIST_KEYS, True)
    made: list[Appraisal] = []
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if expected_version is not None and locked.version != expected_version:
            raise TransitionError(
                _(
                    "Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem bản mới nhất."
                ),
                code="stale",
            )
        if locked.status not in APPRAISAL_STATUSES:
            raise TransitionError(
                _("Không thể thẩm định khi hồ sơ đang ở trạng thái “%(status)s”.")
                % {"status": DossierStatus(locked.status).label},
                code="illegal_state",
            )
        remaining = list(Nominee.objects.filter(dossier=locked, status=NS.PENDING).order_by("pk"))
        if not remaining:
            raise TransitionError(
                _("Không còn tập thể, cá nhân nào chờ thẩm định trong hồ sơ này."), code="invalid"
            )
        if locked.status == DossierStatus.RECEIVED:
            transition_dossier(actor=actor, dossier=locked, action=DossierAction.START_APPRAISAL)

        def after(moved: list[Nominee]) -> None:
            previous = {
                a.nominee_id: a
                for a in Appraisal.objects.filter(
                    nominee__in=moved, is_current=True
                ).select_related("award_offer_before", "award_offer_after")
            }
            Appraisal.objects.filter(nominee__in=moved, is_current=True).update(is_current=False)
            rows = []
            for nominee in moved:
                before, after_offer, why = _carried_change(previous.get(nominee.pk), nominee)
                rows.append(
                    Appraisal(
                        dossier_id=nominee.dossier_id,
                        nominee=nominee,
                        appraiser=actor,
                        verdict=Verdict.ELIGIBLE,
                        reason="",
                        checklist=checklist,
                        award_offer_before=before,
                        award_offer_after=after_offer,
                        award_change_reason=why,
                        is_current=True,
                    )
                )
            made.extend(Appraisal.objects.bulk_create(rows))

        transition_nominees(
            actor=actor,
            nominees=remaining,
            action=NomineeAction.MARK_ELIGIBLE,
            data=lambda n: {"dossier": n.dossier_id, "checklist": checklist, "bulk": True},
            after=after,
        )
    return made


def return_dossier(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    correction_deadline: date | None,
    expected_version: int | None = None,
) -> Dossier:
    """Return a dossier to its unit for correction (trả lại để bổ sung).

    The reasons per nominee are the current "needs correction" verdicts; `reason` is the overall
    one. At least one of them is required, and a correction deadline not in the past. Side
    effects: the unit's clerks are notified in the app and by email (on commit).
    """
    reason = (reason or "").strip()
    if correction_deadline is None:
        raise TransitionError(
            _("Vui lòng nhập hạn bổ sung hồ sơ."),
            code="invalid",
            errors={"correction_deadline": []},
        )
    if correction_deadline < timezone.localdate():
        raise TransitionError(
            _("Hạn bổ sung không được trước ngày hôm nay."),
            code="invalid",
            errors={"correction_deadline": []},
        )
    data: dict[str, Any] = {"correction_deadline": correction_deadline.isoformat()}

    def prepare(locked: Dossier) -> None:
        to_fix = list(
            Appraisal.objects.filter(
                dossier=locked, is_current=True, verdict=Verdict.NEEDS_CORRECTION
            )
            .order_by("nominee__order", "nominee_id")
            .values_list("nominee_id", "nominee__full_name", "reason")
        )
        if not reason and not to_fix:
            raise TransitionError(
                _(
                    "Vui lòng ghi lý do trả lại hồ sơ hoặc đánh dấu ít nhất một tập thể, "
                    "cá nhân “Cần bổ sung, chỉnh sửa”."
                ),
                code="invalid",
            )
        data["nominees"] = [{"id": pk, "name": n, "reason": r} for pk, n, r in to_fix]
        locked.correction_deadline = correction_deadline
        locked.return_count += 1
        locked.return_reason = reason
        locked.returned_at = timezone.now()

    def after(locked: Dossier) -> None:
        lines = [
            _("Phòng Nội vụ trả lại hồ sơ %(dossier)s (kế hoạch “%(campaign)s”) để bổ sung.")
            % {"dossier": locked, "campaign": locked.campaign.title}
        ]
        if reason:
            lines.append(_("Lý do chung: %(reason)s") % {"reason": reason})
        for item in data["nominees"]:
            lines.append(f"- {item['name']}: {item['reason']}")
        lines.append(_("Hạn bổ sung: %(date)s.") % {"date": _fmt(correction_deadline)})
        _notify_clerks(
            locked,
            verb="dossier.returned",
            title=_("Hồ sơ được trả lại để bổ sung: %(dossier)s") % {"dossier": locked},
            body="\n".join(lines),
        )

    return transition_dossier(
        actor=actor,
        dossier=dossier,
        action=DossierAction.RETURN,
        comment=reason,
        data=data,
        expected_version=expected_version,
        prepare=prepare,
        after=after,
    )


def reject_dossier(
    *, actor: User, dossier: Dossier, reason: str, expected_version: int | None = None
) -> Dossier:
    """Refuse a dossier (e.g. late or out of scope). A reason is required; the unit's clerks
    are notified in the app and by email (on commit)."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(
            _("Vui lòng ghi lý do không tiếp nhận hồ sơ."), code="invalid", errors={"reason": []}
        )

    def prepare(locked: Dossier) -> None:
        locked.rejection_reason = reason

    def after(locked: Dossier) -> None:
        _notify_clerks(
            locked,
            verb="dossier.rejected",
            title=_("Hồ sơ không được tiếp nhận: %(dossier)s") % {"dossier": locked},
            body=_("Lý do: %(reason)s") % {"reason": reason},
        )

    return transition_dossier(
        actor=actor,
        dossier=dossier,
        action=DossierAction.REJECT,
        comment=reason,
        expected_version=expected_version,
        prepare=prepare,
        after=after,
    )


def forward_dossier(
    *, actor: User, dossier: Dossier, comment: str = "", expected_version: int | None = None
) -> Dossier:
    """Forward an appraised dossier to the council (chuyển Hội đồng).

    Every nominee must have a verdict and none may still need correction; the eligible ones join
    the campaign's council agenda (appraisal.selectors.council_agenda). Side effect: the
    authority's council secretaries and the unit's clerks are notified (e-mail on commit).
    """
    data: dict[str, Any] = {}

    def prepare(locked: Dossier) -> None:
        rows = list(locked.nominees.values_list("full_name", "status"))
        if not rows:
            raise TransitionError(_("Hồ sơ không có tập thể, cá nhân nào."), code="invalid")
        pending = [n for n, s in rows if s == NS.PENDING]
        if pending:
            raise TransitionError(
                _("Chưa thể chuyển Hội đồng: chưa có kết luận thẩm định cho %(names)s.")
                % {"names": ", ".join(pending)},
                code="invalid",
            )
        to_fix = [n for n, s in rows if s == NS.NEEDS_CORRECTION]
        if to_fix:
            raise TransitionError(
                _(
                    "Chưa thể chuyển Hội đồng: %(names)s còn “Cần bổ sung, chỉnh sửa”. "
                    "Hãy trả lại hồ sơ để đơn vị bổ sung hoặc ghi kết luận khác."
                )
                % {"names": ", ".join(to_fix)},
                code="invalid",
            )
        data["eligible"] = sum(1 for _n, s in rows if s == NS.ELIGIBLE)
        data["not_eligible"] = sum(1 for _n, s in rows if s == NS.NOT_ELIGIBLE)
        locked.forwarded_at = timezone.now()

    def after(locked: Dossier) -> None:
        notify(
            recipients=locked.campaign.authority.officers(Role.COUNCIL_SECRETARY),
            verb="dossier.forwarded",
            title=_("Hồ sơ đã chuyển Hội đồng: %(dossier)s") % {"dossier": locked},
            body=_(
                "%(n)d tập thể, cá nhân đủ điều kiện được đưa vào chương trình xét của Hội đồng."
            )
            % {"n": data["eligible"]},
            link=_appraisal_link(locked),
        )
        # The council's members hear of it too, with a link to the council's pages (the
        # appraisal desk is not theirs); the council stage names its own URL.
        secretaries = set(
            locked.campaign.authority.officers(Role.COUNCIL_SECRETARY).values_list("pk", flat=True)
        )
        notify(
            recipients=[
                p
                for p in locked.campaign.authority.officers(Role.COUNCIL_MEMBER).distinct()
                if p.pk not in secretaries
            ],
            verb="dossier.forwarded_to_council",
            title=_("Hồ sơ đã chuyển Hội đồng: %(dossier)s") % {"dossier": locked},
            body=_(
                "%(n)d tập thể, cá nhân đủ điều kiện được đưa vào chương trình xét của Hội đồng."
            )
            % {"n": data["eligible"]},
            link=_council_link(),
        )
        _notify_clerks(
            locked,
            verb="dossier.forwarded_to_unit",
            title=_("Hồ sơ đã được chuyển Hội đồng Thi đua - Khen thưởng: %(dossier)s")
            % {"dossier": locked},
            body=_(
                "Phòng Nội vụ đã thẩm định xong và chuyển hồ sơ đến Hội đồng: %(eligible)d tập "
                "thể, cá nhân đủ điều kiện, %(not_eligible)d không đủ điều kiện."
            )
            % data,
        )

    return transition_dossier(
        actor=actor,
        dossier=dossier,
        action=DossierAction.FORWARD,
        comment=comment,
        data=data,
        expected_version=expected_version,
        prepare=prepare,
        after=after,
    )


def _notify_clerks(dossier: Dossier, *, verb: str, title: str, body: str) -> None:
    notify(
        recipients=_clerks_of(dossier),
        verb=verb,
        title=title,
        body=body,
        link=_clerk_link(dossier),
    )


def send_due_reminders(*, today: date | None = None) -> dict[int, list[int]]:
    """Remind each authority's appraisers of the dossiers in appraisal that are overdue or due
    within the authority's warning threshold. Returns {authority id: [appraiser ids notified]}.

    Side effects: one notification per appraiser (in the app, email on commit).
    """
    today = today or timezone.localdate()
    notified: dict[int, list[int]] = {}
    authority_ids = (
        Dossier.objects.filter(status__in=APPRAISAL_STATUSES, due_date__isnull=False)
        .values_list("campaign__authority_id", flat=True)
        .distinct()
    )
    for authority in Authority.objects.filter(pk__in=list(authority_ids), is_active=True):
        warn_until = add_working_days(today, authority.warning_working_days, authority)
        counts = Dossier.objects.filter(
            campaign__authority=authority,
            status__in=APPRAISAL_STATUSES,
            due_date__lte=warn_until,
        ).aggregate(
            overdue=Count("pk", filter=Q(due_date__lt=today)),
            soon=Count("pk", filter=Q(due_date__gte=today)),
        )
        if not counts["overdue"] and not counts["soon"]:
            continue
        appraisers = list(authority.officers(Role.APPRAISER).distinct())
        with transaction.atomic():
            notify(
                recipients=appraisers,
                verb="appraisal.due_reminder",
                title=_("Nhắc hạn thẩm định: %(overdue)d hồ sơ quá hạn, %(soon)d hồ sơ sắp đến hạn")
                % counts,
                body=_(
                    "Ngày %(today)s: %(overdue)d hồ sơ đã quá hạn thẩm định và %(soon)d hồ sơ "
                    "đến hạn trước ngày %(until)s."
                )
                % {**counts, "today": _fmt(today), "until": _fmt(warn_until)},
                link=reverse("appraisal:inbox") + "?due=soon",
            )
        notified[authority.pk] = sorted(p.pk for p in appraisers)
    return notified


# ---------------------------------------------------------------------------------------------
# The appraisal report (báo cáo thẩm định): issued by the head of the appraising office.


APPRAISAL_REPORT_SIGNOFF = "appraisal_report"


def report_draft_hash(data: dict[str, Any]) -> str:
    """A fingerprint of the draft the head read, so that he issues exactly that text."""
    from documents.rendering import canonical_json
    from documents.vietnamese import normalise_data

    return hashlib.sha256(canonical_json(normalise_data(data)).encode()).hexdigest()[:32]


@transaction.atomic
def send_appraisal_report_for_signature(*, actor: User, campaign: Campaign):
    """An appraiser sends the draft report to the head of the appraising office, who issues it
    by approving it on his signing page (documents sign-off, /ky-duyet/).
    Side effects: a SignOffRequest with the draft as he will read it; its audit entry; a
    notification to the head."""
    from documents.enums import SignerForm
    from documents.services import request_signoff

    from .documents import draft_report_data

    campaign = (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("authority", "appraising_unit__head")
        .get(pk=campaign.pk)
    )
    if not actor.has_perm("appraisal.view_report_draft", campaign):
        raise TransitionError(
            _("Anh/chị không có quyền trình ký báo cáo thẩm định này."), code="forbidden"
        )
    if AppraisalReport.objects.filter(campaign=campaign).exists():
        raise TransitionError(
            _("Báo cáo thẩm định của kế hoạch này đã được ban hành."), code="illegal_state"
        )
    office = campaign.appraising_unit
    if office is None or office.head_id is None:
        raise TransitionError(
            _(
                "Chưa ghi người đứng đầu cơ quan thẩm định của kế hoạch: quản trị viên khai báo "
                "ở danh mục đơn vị trước khi trình ký."
            ),
            code="invalid",
        )
    draft = draft_report_data(campaign)
    if not draft["totals"]["dossiers_forwarded"]:
        raise TransitionError(
            _("Chưa có hồ sơ nào được chuyển Hội đồng: chưa thể ban hành báo cáo thẩm định."),
            code="incomplete",
        )
    return request_signoff(
        actor=actor,
        kind=APPRAISAL_REPORT_SIGNOFF,
        obj=campaign,
        authority=campaign.authority,
        signer=office.head,
        signer_form=SignerForm.DIRECT,
        title=draft["title"],
        preview_kind="appraisal_report",
        preview_data=draft,
    )


def _approve_report(signoff, campaign: Campaign, actor: User, data: dict[str, Any]) -> None:
    """The head approved the draft he was sent: it is issued as he read it."""
    report = _issue_report(
        actor=actor, campaign=campaign, seen_hash=report_draft_hash(signoff.preview_data)
    )
    signoff.register_entry = report.entry
    signoff.save(update_fields=["register_entry"])


def _report_link(campaign: Campaign) -> str:
    return reverse("appraisal:report_page", args=[campaign.pk])


def _nothing(signoff, campaign: Campaign, actor: User) -> None:
    """A returned or withdrawn draft simply stays a draft."""


def _load_campaign(object_id: str) -> Campaign:
    return Campaign.objects.select_related("authority", "appraising_unit__head").get(
        pk=int(object_id)
    )


def _may_withdraw(user: User, campaign: Campaign) -> bool:
    return user.has_perm("appraisal.view_report_draft", campaign)


REPORT_SIGNOFF_PROVIDER = SignOffProvider(
    kind=APPRAISAL_REPORT_SIGNOFF,
    label=gettext_lazy("Báo cáo kết quả thẩm định"),
    load=_load_campaign,
    on_approve=_approve_report,
    on_return=_nothing,
    link=_report_link,
    can_withdraw=_may_withdraw,
    on_withdraw=_nothing,
)


@transaction.atomic
def issue_appraisal_report(
    *, actor: User, campaign: Campaign, seen_hash: str = ""
) -> AppraisalReport:
    """The head of the appraising office issues the report: if it was sent to him for
    signature, this is his approval of that request (documents sign-off; its on_approve issues
    the text he was sent); otherwise his issue action is his approval of the draft he read.
    Side effects: see _issue_report; the sign-off request approved, if one is pending."""
    from documents.services import approve_signoff, pending_signoff

    pending = pending_signoff(kind=APPRAISAL_REPORT_SIGNOFF, object_id=campaign.pk)
    if pending is None:
        return _issue_report(actor=actor, campaign=campaign, seen_hash=seen_hash)
    if not actor.has_perm("appraisal.issue_report", campaign):
        raise TransitionError(
            _("Chỉ người đứng đầu cơ quan thẩm định của kế hoạch mới được ban hành báo cáo."),
            code="forbidden",
        )
    approve_signoff(actor=actor, signoff=pending)
    return AppraisalReport.objects.get(campaign=campaign)


def _issue_report(*, actor: User, campaign: Campaign, seen_hash: str = "") -> AppraisalReport:
    """The head of the campaign's appraising office issues its appraisal report: the next number
    of the register (the office's own series where it has one), today's date, his name and
    signer form; the text is frozen (AppraisalReport.data, its first PDF bound to the register
    entry) and rendered by the worker.

    The one place a report is issued: called by his approval of the sign-off request
    (_approve_report) or by his own issue action (issue_appraisal_report).
    `seen_hash`: report_draft_hash of the draft he read; refused if the draft changed since.
    Side effects: a register entry; an AppraisalReport; an audit entry; a render job queued on
    commit.
    """
    from audit.services import record
    from documents.services import register_document, request_document

    from .documents import draft_report_data, office_signature

    campaign = (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("authority", "appraising_unit__head")
        .get(pk=campaign.pk)
    )
    if not actor.has_perm("appraisal.issue_report", campaign):
        raise TransitionError(
            _("Chỉ người đứng đầu cơ quan thẩm định của kế hoạch mới được ban hành báo cáo."),
            code="forbidden",
        )
    if AppraisalReport.objects.filter(campaign=campaign).exists():
        raise TransitionError(
            _("Báo cáo thẩm định của kế hoạch này đã được ban hành."), code="illegal_state"
        )
    draft = draft_report_data(campaign)
    if not draft["totals"]["dossiers_forwarded"]:
        raise TransitionError(
            _("Chưa có hồ sơ nào được chuyển Hội đồng: chưa thể ban hành báo cáo thẩm định."),
            code="incomplete",
        )
    if seen_hash and seen_hash != report_draft_hash(draft):
        raise TransitionError(
            _(
                "Nội dung báo cáo đã thay đổi từ khi anh/chị mở bản dự thảo. Vui lòng xem lại "
                "bản dự thảo mới trước khi ban hành."
            ),
            code="stale",
        )
    today = timezone.localdate()
    office = campaign.appraising_unit
    entry = register_document(
        authority=campaign.authority,
        doc_type="BC",
        issued_on=today,
        title=draft["title"],
        target_kind="appraisal_report",
        target_id=str(campaign.pk),
        actor=actor,
        office=office,
    )
    signature = office_signature(office)
    signature["name"] = actor.full_name or signature["name"]
    data = {
        **draft,
        "number": entry.number,
        "symbol": entry.symbol,
        "reference": entry.reference,
        "issued_on": today.isoformat(),
        "signature": signature,
        "draft": False,
    }
    report = AppraisalReport.objects.create(
        campaign=campaign, office=office, entry=entry, issued_on=today, issued_by=actor, data=data
    )
    record(
        actor=actor,
        action="appraisal_report.issue",
        target=campaign,
        authority=campaign.authority,
        comment=entry.reference,
        data={"number": entry.number, "symbol": entry.symbol, "issued_on": today.isoformat()},
    )
    request_document(kind="appraisal_report", object_id=campaign.pk, actor=actor)
    return report
