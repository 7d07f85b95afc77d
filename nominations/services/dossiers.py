"""The unit clerk's services: prepare a dossier, fill it, send it, withdraw it, send it again.

Every write checks that the actor is a clerk of the dossier's unit and that the dossier is still
editable (draft, or returned for correction), writes an audit entry on the dossier in the same
transaction, and bumps Dossier.version so that a stale form is refused instead of overwriting.
Changes of state go through nominations.workflow.transition_dossier.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import record
from audit.workflow import TransitionError
from campaigns.enums import CampaignStatus, RecipientKind
from campaigns.models import AwardOffer, Campaign
from notifications.services import notify
from organizations.enums import Role
from organizations.models import User
from organizations.vietnamese import fold

from ..enums import ACTIVE_STATUSES, EDITABLE_STATUSES, DossierAction, DossierStatus
from ..models import Attachment, Dossier, Nominee
from ..snapshots import take_snapshot
from ..uploads import CheckedUpload
from ..workflow import transition_dossier


class DossierError(TransitionError):
    """A refused clerk action; the message is shown to the user as is."""


class DossierConflict(DossierError):
    """The dossier changed since the form was loaded (optimistic lock)."""

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


@dataclass(frozen=True)
class Problem:
    """One reason why a dossier cannot be sent yet; `section` is the anchor on the dossier page."""

    message: str
    section: str = ""


class DossierIncomplete(DossierError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            _("Hồ sơ chưa thể gửi vì còn thiếu hoặc chưa đúng: %(count)s mục.")
            % {"count": len(problems)}
        )
        self.problems = problems


# Fields the clerk may write on a dossier and on a nominee.
DOSSIER_EDIT_FIELDS = (
    "letter_number",
    "letter_date",
    "letter_signer",
    "minutes_not_required",
    "note",
)
NOMINEE_EDIT_FIELDS = (
    "kind",
    "award_offer",
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "hometown",
    "position",
    "workplace",
    "staff_category",
    "citizen_id",
    "parent_unit_name",
    "member_count",
    "women_share",
    "achievement_summary",
    "report_text",
)


def format_date(value: date | None) -> str:
    return date_format(value, "d/m/Y") if value else ""


# ---------------------------------------------------------------------------------------------
# Checks shared by the services and the pages


def deadline_passed(campaign: Campaign, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return campaign.nomination_deadline is not None and today > campaign.nomination_deadline


def creation_problems(*, campaign: Campaign, unit: Any) -> list[str]:
    """Why this unit cannot open a new dossier in the campaign (empty if it can)."""
    problems: list[str] = []
    if campaign.status != CampaignStatus.PUBLISHED:
        problems.append(_("Kế hoạch này hiện không nhận hồ sơ đề nghị khen thưởng."))
    elif not campaign.includes_unit(unit):
        problems.append(_("Đơn vị của anh/chị không thuộc đối tượng tham gia kế hoạch này."))
    if deadline_passed(campaign):
        problems.append(
            _("Đã quá hạn nộp hồ sơ của kế hoạch (hạn cuối: %(deadline)s).")
            % {"deadline": format_date(campaign.nomination_deadline)}
        )
    active = Dossier.objects.filter(
        campaign=campaign, unit=unit, status__in=ACTIVE_STATUSES
    ).count()
    if active >= campaign.max_dossiers_per_unit:
        problems.append(
            _("Đơn vị đã có %(count)s hồ sơ trong kế hoạch này (tối đa %(max)s hồ sơ).")
            % {"count": active, "max": campaign.max_dossiers_per_unit}
        )
    return problems


def _missing_nominee_fields(nominee: Nominee) -> list[str]:
    missing: list[str] = []

    def need(value: Any, label: str) -> None:
        if value in (None, ""):
            missing.append(label)

    need(nominee.full_name.strip(), _("tên"))
    if nominee.kind == RecipientKind.INDIVIDUAL:
        need(nominee.gender, _("giới tính"))
        need(nominee.birth_date, _("ngày sinh"))
        need(nominee.ethnicity_id, _("dân tộc"))
        need(nominee.position.strip(), _("chức vụ"))
        need(nominee.workplace.strip(), _("đơn vị công tác"))
        need(nominee.staff_category, _("đối tượng (cơ sở hay lãnh đạo, quản lý)"))
    elif nominee.kind == RecipientKind.COLLECTIVE:
        need(nominee.parent_unit_name.strip(), _("đơn vị cấp trên trực tiếp"))
    need(nominee.achievement_summary.strip(), _("tóm tắt thành tích"))
    if not nominee.report_text.strip() and not nominee.report_file:
        missing.append(_("báo cáo thành tích (soạn trực tiếp hoặc tải tệp lên)"))
    return missing


def completeness_problems(
    dossier: Dossier,
    *,
    nominees: list[Nominee] | None = None,
    check_deadline: bool = True,
    today: date | None = None,
) -> list[Problem]:
    """Everything that stops the dossier from being sent, in the order the clerk fixes them.

    Issues a constant number of queries whatever the number of nominees (pass `nominees`, loaded
    with award_offer__award_form, to avoid reloading them).
    """
    campaign = dossier.campaign
    problems: list[Problem] = []
    today = today or timezone.localdate()
    # A dossier returned for correction may come back after the campaign stopped taking new ones.
    open_statuses = {CampaignStatus.PUBLISHED} | (
        set() if check_deadline else {CampaignStatus.CLOSED}
    )
    if campaign.status not in open_statuses:
        problems.append(Problem(_("Kế hoạch này hiện không nhận hồ sơ đề nghị khen thưởng.")))
    if check_deadline and deadline_passed(campaign, today):
        problems.append(
            Problem(
                _("Đã quá hạn nộp hồ sơ của kế hoạch (hạn cuối: %(deadline)s).")
                % {"deadline": format_date(campaign.nomination_deadline)}
            )
        )
    if not check_deadline and dossier.correction_deadline and today > dossier.correction_deadline:
        problems.append(
            Problem(
                _("Đã quá hạn bổ sung hồ sơ (hạn bổ sung: %(deadline)s).")
                % {"deadline": format_date(dossier.correction_deadline)}
            )
        )
    # 1. The cover letter and the unit's minutes.
    if not dossier.letter_number.strip():
        problems.append(Problem(_("Chưa nhập số Tờ trình của đơn vị."), "to-trinh"))
    if not dossier.letter_date:
        problems.append(Problem(_("Chưa nhập ngày Tờ trình."), "to-trinh"))
    if not dossier.letter_signer.strip():
        problems.append(Problem(_("Chưa nhập người ký Tờ trình."), "to-trinh"))
    if not dossier.letter_file:
        problems.append(Problem(_("Chưa tải lên bản Tờ trình đã ký (PDF)."), "to-trinh"))
    if not dossier.minutes_file:
        if campaign.unit_minutes_required:
            problems.append(
                Problem(_("Chưa tải lên biên bản họp xét khen thưởng của đơn vị."), "bien-ban")
            )
        elif not dossier.minutes_not_required:
            problems.append(
                Problem(
                    _(
                        "Chưa tải lên biên bản họp xét của đơn vị, hoặc đánh dấu “Không yêu cầu "
                        "biên bản”."
                    ),
                    "bien-ban",
                )
            )
    # 2. The nominees.
    if nominees is None:
        nominees = list(
            Nominee.objects.filter(dossier=dossier).select_related("award_offer__award_form")
        )
    if not nominees:
        problems.append(Problem(_("Chưa có tập thể, cá nhân nào được đề nghị."), "danh-sach"))
    for nominee in nominees:
        missing = _missing_nominee_fields(nominee)
        if missing:
            problems.append(
                Problem(
                    _("“%(name)s”: thiếu %(fields)s.")
                    % {
                        "name": nominee.full_name or _("(chưa có tên)"),
                        "fields": ", ".join(missing),
                    },
                    f"nominee-{nominee.pk}",
                )
            )
        offer = nominee.award_offer
        if offer.campaign_id != campaign.pk or offer.award_form.recipient_kind != nominee.kind:
            problems.append(
                Problem(
                    _("“%(name)s”: hình thức “%(form)s” không dành cho đối tượng này.")
                    % {"name": nominee.full_name, "form": offer.award_form.name},
                    f"nominee-{nominee.pk}",
                )
            )
    keys = Counter((n.name_key, n.birth_date) for n in nominees if n.name_key)
    for (key, birth), count in keys.items():
        if count > 1:
            name = next(n.full_name for n in nominees if (n.name_key, n.birth_date) == (key, birth))
            problems.append(
                Problem(
                    _(
                        "“%(name)s” có tên trong danh sách %(count)s lần: mỗi thành tích chỉ được "
                        "đề nghị một hình thức khen thưởng."
                    )
                    % {"name": name, "count": count},
                    "danh-sach",
                )
            )
    # 3. Quotas and the number of dossiers.
    problems.extend(_quota_problems(dossier, nominees))
    others = (
        Dossier.objects.filter(
            campaign=campaign, unit_id=dossier.unit_id, status__in=ACTIVE_STATUSES
        )
        .exclude(pk=dossier.pk)
        .count()
    )
    if others + 1 > campaign.max_dossiers_per_unit:
        problems.append(
            Problem(
                _("Đơn vị đã có %(count)s hồ sơ khác trong kế hoạch này (tối đa %(max)s hồ sơ).")
                % {"count": others, "max": campaign.max_dossiers_per_unit}
            )
        )
    return problems


def _quota_problems(dossier: Dossier, nominees: list[Nominee]) -> list[Problem]:
    mine = Counter(n.award_offer_id for n in nominees)
    offers = {n.award_offer_id: n.award_offer for n in nominees}
    if not any(o.quota is not None or o.quota_per_unit is not None for o in offers.values()):
        return []
    sent = set(ACTIVE_STATUSES) - {DossierStatus.DRAFT}
    elsewhere = (
        Nominee.objects.filter(dossier__campaign_id=dossier.campaign_id, award_offer_id__in=mine)
        .exclude(dossier=dossier)
        .values("award_offer_id", "dossier__unit_id", "dossier__status")
        .annotate(n=Count("pk"))
    )
    unit_counts: Counter[int] = Counter()
    total_counts: Counter[int] = Counter()
    for row in elsewhere:
        if row["dossier__status"] not in ACTIVE_STATUSES:
            continue
        if row["dossier__unit_id"] == dossier.unit_id:
            unit_counts[row["award_offer_id"]] += row["n"]
        if row["dossier__status"] in sent:
            total_counts[row["award_offer_id"]] += row["n"]
    problems: list[Problem] = []
    for offer_id, count in mine.items():
        offer = offers[offer_id]
        name = offer.award_form.name
        if (
            offer.quota_per_unit is not None
            and count + unit_counts[offer_id] > offer.quota_per_unit
        ):
            problems.append(
                Problem(
                    _(
                        "Hình thức “%(form)s”: mỗi đơn vị được đề nghị tối đa %(quota)s, đơn vị đang "
                        "đề nghị %(count)s."
                    )
                    % {
                        "form": name,
                        "quota": offer.quota_per_unit,
                        "count": count + unit_counts[offer_id],
                    },
                    "danh-sach",
                )
            )
        if offer.quota is not None and count + total_counts[offer_id] > offer.quota:
            problems.append(
                Problem(
                    _(
                        "Hình thức “%(form)s”: chỉ tiêu toàn kế hoạch là %(quota)s, các đơn vị đã gửi "
                        "%(others)s đề nghị, hồ sơ này thêm %(count)s."
                    )
                    % {
                        "form": name,
                        "quota": offer.quota,
                        "others": total_counts[offer_id],
                        "count": count,
                    },
                    "danh-sach",
                )
            )
    return problems


# ---------------------------------------------------------------------------------------------
# Locking and scope


def _check_clerk(actor: User, dossier: Dossier) -> None:
    if not actor.has_perm("nominations.change_dossier", dossier):
        raise DossierError(_("Chỉ cán bộ của đơn vị lập hồ sơ mới được sửa hồ sơ này."))


def _lock_editable(actor: User, dossier: Dossier, expected_version: int | None = None) -> Dossier:
    """Lock the dossier row and check that the actor may edit it now (call inside atomic)."""
    locked = (
        Dossier.objects.select_for_update()
        .select_related("campaign__authority", "unit")
        .get(pk=dossier.pk)
    )
    _check_clerk(actor, locked)
    if locked.status not in EDITABLE_STATUSES:
        raise DossierError(
            _("Hồ sơ đang ở trạng thái “%(status)s” nên không thể sửa.")
            % {"status": DossierStatus(locked.status).label}
        )
    if expected_version is not None and locked.version != expected_version:
        raise DossierConflict(
            _(
                "Hồ sơ vừa được lưu ở một cửa sổ hoặc bởi người khác sau khi anh/chị mở trang này. "
                "Nội dung anh/chị vừa nhập vẫn còn bên dưới: hãy xem lại bản đã lưu rồi bấm Lưu lần "
                "nữa nếu muốn ghi đè."
            ),
            current_version=locked.version,
        )
    return locked


def _touch(locked: Dossier, dossier: Dossier) -> None:
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    dossier.version = locked.version


def _audit(actor: User, dossier: Dossier, action: str, **data: Any) -> None:
    record(
        actor=actor,
        action=action,
        target=dossier,
        authority=dossier.campaign.authority,
        from_state=dossier.status,
        to_state=dossier.status,
        data=data,
    )


def _check_offer(dossier: Dossier, kind: str, offer: AwardOffer | None) -> None:
    if offer is None:
        raise DossierError(_("Chưa chọn hình thức khen thưởng đề nghị."))
    if offer.campaign_id != dossier.campaign_id:
        raise DossierError(_("Hình thức khen thưởng này không thuộc kế hoạch của hồ sơ."))
    if offer.award_form.recipient_kind != kind:
        raise DossierError(
            _("Hình thức “%(form)s” dành cho %(kind)s.")
            % {
                "form": offer.award_form.name,
                "kind": RecipientKind(offer.award_form.recipient_kind).label.lower(),
            }
        )


# ---------------------------------------------------------------------------------------------
# The dossier itself


def create_dossier(*, actor: User, campaign: Campaign) -> Dossier:
    """Open a draft dossier for the actor's unit. Side effects: audit entry."""
    if not actor.has_perm("nominations.create_dossier"):
        raise DossierError(_("Chỉ cán bộ đơn vị mới lập được hồ sơ đề nghị khen thưởng."))
    with transaction.atomic():
        # Serialise creations per campaign so two clicks cannot pass the per-unit limit together.
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        problems = creation_problems(campaign=campaign, unit=actor.unit)
        if problems:
            raise DossierError(" ".join(problems))
        dossier = Dossier.objects.create(
            campaign=campaign,
            unit=actor.unit,
            created_by=actor,
            minutes_not_required=False,
        )
        record(
            actor=actor,
            action="dossier.create",
            target=dossier,
            authority=campaign.authority,
            to_state=dossier.status,
        )
    return dossier


def update_dossier(
    *, actor: User, dossier: Dossier, expected_version: int, data: dict[str, Any]
) -> Dossier:
    """Save the cover letter's fields and the note. Refuses a stale version (DossierConflict)."""
    with transaction.atomic():
        locked = _lock_editable(actor, dossier, expected_version)
        changed = []
        for field in DOSSIER_EDIT_FIELDS:
            if field in data and getattr(locked, field) != data[field]:
                setattr(locked, field, data[field])
                changed.append(field)
        if locked.campaign.unit_minutes_required:
            locked.minutes_not_required = False
        locked.version += 1
        locked.save()
        _audit(actor, locked, "dossier.update", fields=changed)
    dossier.refresh_from_db()
    return dossier


def _replace_file(old_name: str, dossier: Dossier) -> None:
    """Delete a replaced file unless an earlier sent version may still refer to it."""
    if old_name and not dossier.snapshots.exists():
        storage = Dossier._meta.get_field("letter_file").storage
        transaction.on_commit(lambda: storage.delete(old_name))


def set_dossier_file(
    *, actor: User, dossier: Dossier, which: str, upload: UploadedFile, checked: CheckedUpload
) -> Dossier:
    """Store the signed cover letter (which="letter") or the unit's minutes (which="minutes")."""
    field = {"letter": "letter_file", "minutes": "minutes_file"}[which]
    with transaction.atomic():
        locked = _lock_editable(actor, dossier)
        old = getattr(locked, field).name
        getattr(locked, field).save(checked.original_name, upload, save=False)
        if which == "minutes":
            locked.minutes_not_required = False
        locked.version += 1
        locked.save()
        _replace_file(old, locked)
        _audit(
            actor,
            locked,
            f"dossier.{which}_file",
            name=checked.original_name,
            sha256=checked.sha256,
        )
    dossier.refresh_from_db()
    return dossier


# ---------------------------------------------------------------------------------------------
# Nominees


def _nominee_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {f: data[f] for f in NOMINEE_EDIT_FIELDS if f in data}
    for text in (
        "full_name",
        "hometown",
        "position",
        "workplace",
        "citizen_id",
        "parent_unit_name",
        "achievement_summary",
        "report_text",
        "gender",
        "staff_category",
    ):
        if text in values and values[text] is None:
            values[text] = ""
    if values.get("kind") != RecipientKind.INDIVIDUAL:
        values.update(gender="", birth_date=None, ethnicity=None, staff_category="", citizen_id="")
    if values.get("kind") != RecipientKind.COLLECTIVE:
        values.update(member_count=None, women_share=None)
    return values


def add_nominee(*, actor: User, dossier: Dossier, data: dict[str, Any]) -> Nominee:
    """Add one collective, individual or household. Side effects: audit entry, version bump."""
    with transaction.atomic():
        locked = _lock_editable(actor, dossier)
        values = _nominee_values(data)
        _check_offer(locked, values.get("kind", ""), values.get("award_offer"))
        last = locked.nominees.aggregate(m=Max("order"))["m"] or 0
        nominee = Nominee.objects.create(dossier=locked, order=last + 1, **values)
        _touch(locked, dossier)
        _audit(actor, locked, "nominee.add", nominee=nominee.pk, name=nominee.full_name)
    return nominee


def update_nominee(
    *, actor: User, nominee: Nominee, data: dict[str, Any], expected_version: int | None = None
) -> Nominee:
    """Save a nominee's fields. Refuses a stale dossier version (DossierConflict)."""
    with transaction.atomic():
        locked = _lock_editable(actor, nominee.dossier, expected_version)
        current = Nominee.objects.select_for_update().get(pk=nominee.pk, dossier=locked)
        values = _nominee_values({"kind": current.kind, **data})
        _check_offer(locked, values["kind"], values.get("award_offer"))
        changed = [f for f, v in values.items() if getattr(current, f) != v]
        for field, value in values.items():
            setattr(current, field, value)
        current.save()
        _touch(locked, nominee.dossier)
        _audit(
            actor,
            locked,
            "nominee.update",
            nominee=current.pk,
            name=current.full_name,
            fields=changed,
        )
    nominee.refresh_from_db()
    return nominee


def remove_nominee(*, actor: User, nominee: Nominee) -> None:
    """Remove a nominee with its attachments. Side effects: audit entry, files deleted on commit."""
    with transaction.atomic():
        locked = _lock_editable(actor, nominee.dossier)
        current = Nominee.objects.select_for_update().get(pk=nominee.pk, dossier=locked)
        names = [a.file.name for a in current.attachments.all()]
        if current.report_file:
            names.append(current.report_file.name)
        name, pk = current.full_name, current.pk
        current.delete()
        _touch(locked, nominee.dossier)
        _audit(actor, locked, "nominee.remove", nominee=pk, name=name)
        if not locked.snapshots.exists():
            storage = Attachment._meta.get_field("file").storage
            transaction.on_commit(lambda: [storage.delete(n) for n in names])


def set_nominee_report_file(
    *, actor: User, nominee: Nominee, upload: UploadedFile, checked: CheckedUpload
) -> Nominee:
    """Store an uploaded achievement report (PDF or DOCX) for the nominee."""
    with transaction.atomic():
        locked = _lock_editable(actor, nominee.dossier)
        current = Nominee.objects.select_for_update().get(pk=nominee.pk, dossier=locked)
        old = current.report_file.name
        current.report_file.save(checked.original_name, upload, save=False)
        current.save()
        _replace_file(old, locked)
        _touch(locked, nominee.dossier)
        _audit(actor, locked, "nominee.report_file", nominee=current.pk, name=checked.original_name)
    nominee.refresh_from_db()
    return nominee


def import_nominees(*, actor: User, dossier: Dossier, rows: list[dict[str, Any]]) -> list[Nominee]:
    """Add the nominees of an already validated Excel import, all in one transaction."""
    with transaction.atomic():
        locked = _lock_editable(actor, dossier)
        last = locked.nominees.aggregate(m=Max("order"))["m"] or 0
        nominees = []
        for i, row in enumerate(rows, start=1):
            values = _nominee_values(row)
            _check_offer(locked, values.get("kind", ""), values.get("award_offer"))
            nominee = Nominee(dossier=locked, order=last + i, **values)
            nominee.name_key = fold(nominee.full_name)[:255]
            nominees.append(nominee)
        created = Nominee.objects.bulk_create(nominees)
        _touch(locked, dossier)
        _audit(
            actor,
            locked,
            "nominee.import",
            count=len(created),
            names=[n.full_name for n in created][:50],
        )
    return created


# ---------------------------------------------------------------------------------------------
# Attachments


def add_attachment(
    *,
    actor: User,
    dossier: Dossier,
    upload: UploadedFile,
    checked: CheckedUpload,
    nominee: Nominee | None = None,
    description: str = "",
) -> Attachment:
    """Store an evidence file already checked by uploads.check_upload."""
    with transaction.atomic():
        locked = _lock_editable(actor, dossier)
        if nominee is not None and nominee.dossier_id != locked.pk:
            raise DossierError(_("Tập thể, cá nhân này không thuộc hồ sơ."))
        attachment = Attachment(
            dossier=locked,
            nominee=nominee,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            description=description[:255],
            uploaded_by=actor,
        )
        attachment.file.save(checked.original_name, upload, save=False)
        attachment.save()
        _touch(locked, dossier)
        _audit(
            actor, locked, "attachment.add", attachment=attachment.pk, name=checked.original_name
        )
    return attachment


def remove_attachment(*, actor: User, attachment: Attachment) -> None:
    with transaction.atomic():
        locked = _lock_editable(actor, attachment.dossier)
        current = Attachment.objects.get(pk=attachment.pk, dossier=locked)
        name, stored = current.original_name, current.file.name
        current.delete()
        _touch(locked, attachment.dossier)
        _audit(actor, locked, "attachment.remove", name=name)
        if not locked.snapshots.exists():
            storage = Attachment._meta.get_field("file").storage
            transaction.on_commit(lambda: storage.delete(stored))


# ---------------------------------------------------------------------------------------------
# Changes of state


def notify_appraisers_of_submission(*, dossier: Dossier) -> None:
    """Tell the authority's appraisers that a dossier was sent or sent again (for the clerk's
    submit/resubmit services to call inside their transaction). Side effect: notifications, with
    email on commit."""
    resent = dossier.status == DossierStatus.RESUBMITTED
    title = (
        _("Hồ sơ gửi lại sau khi bổ sung: %(dossier)s")
        if resent
        else _("Hồ sơ mới gửi đến: %(dossier)s")
    ) % {"dossier": dossier}
    notify(
        recipients=dossier.campaign.authority.officers(Role.APPRAISER).distinct(),
        verb="dossier.resubmitted" if resent else "dossier.submitted",
        title=title,
        body=_("Kế hoạch: %(campaign)s") % {"campaign": dossier.campaign.title},
        link=reverse("appraisal:dossier", args=[dossier.pk]),
    )


def submit_dossier(*, actor: User, dossier: Dossier, comment: str = "") -> Dossier:
    """Send a draft to Phòng Nội vụ, or raise DossierIncomplete listing what is missing.

    Side effects: status "submitted", submitted_at, a snapshot of the content as sent, audit entry.
    """

    def prepare(locked: Dossier) -> None:
        problems = completeness_problems(locked)
        if problems:
            raise DossierIncomplete(problems)
        locked.submitted_at = timezone.now()

    def after(locked: Dossier) -> None:
        take_snapshot(locked)
        notify_appraisers_of_submission(dossier=locked)

    return transition_dossier(
        actor=actor,
        dossier=dossier,
        action=DossierAction.SUBMIT,
        comment=comment,
        prepare=prepare,
        after=after,
    )


def resubmit_dossier(*, actor: User, dossier: Dossier, comment: str = "") -> Dossier:
    """Send a corrected dossier again (the campaign's deadline no longer applies; the correction
    deadline does). Side effects: status "resubmitted", a new snapshot, audit entry."""

    def prepare(locked: Dossier) -> None:
        problems = completeness_problems(locked, check_deadline=False)
        if problems:
            raise DossierIncomplete(problems)

    def after(locked: Dossier) -> None:
        take_snapshot(locked)
        notify_appraisers_of_submission(dossier=locked)

    return transition_dossier(
        actor=actor,
        dossier=dossier,
        action=DossierAction.RESUBMIT,
        comment=comment,
        prepare=prepare,
        after=after,
    )


def withdraw_dossier(*, actor: User, dossier: Dossier, comment: str = "") -> Dossier:
    """Take back a sent dossier that Phòng Nội vụ has not received yet. Side effects: audit."""
    return transition_dossier(
        actor=actor, dossier=dossier, action=DossierAction.WITHDRAW, comment=comment
    )
