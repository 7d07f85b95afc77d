"""Every write of the proposal to the higher level (Tờ trình đề nghị khen thưởng).

Drafted by Phòng Nội vụ from the council's upward recommendations; sent to its signer through
documents' SignOffRequest (/ky-duyet/); on approval numbered from the register (TTr series),
its text frozen, and its PDF rendered by the worker (a render job bound to the register entry).
The higher level's answer is recorded per nominee.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from audit.workflow import TransitionError
from campaigns.models import Campaign
from decisions.documents import signer_form
from documents.filenames import document_filename, upload_filename
from organizations.enums import SIGNER_ROLES
from organizations.models import User

from .enums import HIGHER_PROPOSAL_DOC_TYPE, ProposalAction
from .models import HigherProposal, HigherProposalLine
from .selectors import upward_nominees
from .workflow import transition_proposal

SIGNOFF_KIND = "higher_proposal"
MAX_BUNDLE_BYTES = 200 * 1024 * 1024


def _position(nominee) -> str:
    if nominee.kind == "collective":
        return nominee.parent_unit_name or nominee.dossier.unit.name
    return ", ".join(
        p for p in (nominee.position, nominee.workplace or nominee.dossier.unit.name) if p
    )


def draft_higher_proposal(
    *, actor: User, campaign: Campaign, signer: User, addressee: str, body: str = ""
) -> HigherProposal:
    """A draft Tờ trình for every nominee the council recommended for a higher level's award
    and not proposed yet. Side effects: the proposal, its lines, an audit entry."""
    probe = HigherProposal(authority=campaign.authority, campaign=campaign)
    if not actor.has_perm("awards.draft_proposal", probe):
        raise TransitionError(_("Anh/chị không có quyền thực hiện thao tác này."), code="forbidden")
    if (
        signer is None
        or signer.authority_id != campaign.authority_id
        or not signer.has_role(*SIGNER_ROLES)
    ):
        raise TransitionError(
            code="invalid", errors={"signer": [_("Chưa chọn người ký hợp lệ của cơ quan.")]}
        )
    addressee = (addressee or "").strip()
    if not addressee:
        raise TransitionError(code="invalid", errors={"addressee": [_("Nhập nơi kính gửi.")]})
    with transaction.atomic():
        chosen = upward_nominees(campaign)
        if not chosen:
            raise TransitionError(
                _("Không có tập thể, cá nhân nào được Hội đồng đề nghị cấp trên khen thưởng."),
                code="invalid",
            )
        proposal = HigherProposal.objects.create(
            authority=campaign.authority,
            campaign=campaign,
            title="Về việc đề nghị tặng Bằng khen cho các tập thể, cá nhân",
            addressee=addressee[:255],
            body=body.strip(),
            signer=signer,
            created_by=actor,
        )
        try:
            with transaction.atomic():
                HigherProposalLine.objects.bulk_create(
                    [
                        HigherProposalLine(
                            proposal=proposal,
                            nominee=u.nominee,
                            award_form=u.award_form,
                            full_name=u.nominee.full_name,
                            position=_position(u.nominee),
                            unit_name=u.nominee.dossier.unit.name,
                            achievement=u.nominee.achievement_summary,
                            order=i,
                        )
                        for i, u in enumerate(chosen)
                    ]
                )
        except IntegrityError:
            raise TransitionError(
                _("Một tập thể, cá nhân đã có trong tờ trình khác. Vui lòng tải lại trang."),
                code="stale",
            ) from None
        record(
            actor=actor,
            action="higher_proposal.draft",
            target=proposal,
            authority=proposal.authority,
            to_state=proposal.status,
            data={"lines": len(chosen)},
        )
    return proposal


def submit_higher_proposal(*, actor: User, proposal: HigherProposal) -> HigherProposal:
    """Send the draft to its signer (a SignOffRequest with the draft's text).
    Side effects: audit entries, the sign-off request, the signer's notification."""
    from documents.services import request_signoff

    from .proposal_documents import proposal_data

    def after(locked: HigherProposal) -> None:
        request_signoff(
            actor=actor,
            kind=SIGNOFF_KIND,
            obj=locked,
            authority=locked.authority,
            signer=locked.signer,
            signer_form=signer_form(locked),
            title=f"Tờ trình: {locked.title}",
            preview_kind="higher_proposal",
            preview_data=proposal_data(locked),
        )

    return transition_proposal(
        actor=actor, proposal=proposal, action=ProposalAction.SUBMIT, after=after
    )


def on_signoff_approved(signoff: Any, proposal: HigherProposal, actor: User, data: dict) -> None:
    """The signer approved: number from the register, date, frozen text, the PDF's render job
    (in the same transaction). Side effects: register entry, audit entry, render job."""
    from documents.services import register_document, request_document

    from .proposal_documents import proposal_data

    def prepare(locked: HigherProposal) -> None:
        day = timezone.localdate()
        entry = register_document(
            authority=locked.authority,
            doc_type=HIGHER_PROPOSAL_DOC_TYPE,
            issued_on=day,
            title=locked.title,
            target_kind="higher_proposal",
            target_id=str(locked.pk),
            actor=actor,
        )
        locked.register_entry = entry
        locked.number = entry.number
        locked.issued_on = day
        locked.issued_data = proposal_data(locked)

    def after(locked: HigherProposal) -> None:
        type(signoff).objects.filter(pk=signoff.pk).update(register_entry=locked.register_entry)
        request_document(kind="higher_proposal", object_id=locked.pk, actor=actor)

    transition_proposal(
        actor=actor, proposal=proposal, action=ProposalAction.ISSUE, prepare=prepare, after=after
    )


def on_signoff_returned(signoff: Any, proposal: HigherProposal, actor: User) -> None:
    def prepare(locked: HigherProposal) -> None:
        locked.return_comment = signoff.return_reason

    transition_proposal(
        actor=actor,
        proposal=proposal,
        action=ProposalAction.RETURN,
        comment=signoff.return_reason,
        prepare=prepare,
    )


def on_signoff_withdrawn(signoff: Any, proposal: HigherProposal, actor: User) -> None:
    transition_proposal(actor=actor, proposal=proposal, action=ProposalAction.WITHDRAW)


def record_higher_answer(
    *,
    actor: User,
    line: HigherProposalLine,
    accepted: bool,
    number: str = "",
    day: dt.date | None = None,
    note: str = "",
) -> HigherProposalLine:
    """The higher level's answer for one nominee of an issued proposal (its decision number and
    date). Side effects: the line's answer, an audit entry."""
    from .enums import ProposalStatus

    proposal = line.proposal
    if not actor.has_perm("awards.draft_proposal", proposal):
        raise TransitionError(_("Anh/chị không có quyền thực hiện thao tác này."), code="forbidden")
    if proposal.status != ProposalStatus.ISSUED:
        raise TransitionError(
            _("Chỉ ghi kết quả của cấp trên cho tờ trình đã ban hành."), code="illegal_state"
        )
    with transaction.atomic():
        locked = HigherProposalLine.objects.select_for_update().get(pk=line.pk)
        locked.accepted = bool(accepted)
        locked.answer_number = (number or "").strip()[:60]
        locked.answer_date = day
        locked.answer_note = (note or "").strip()[:255]
        locked.answered_at = timezone.now()
        locked.save(
            update_fields=["accepted", "answer_number", "answer_date", "answer_note", "answered_at"]
        )
        record(
            actor=actor,
            action="higher_proposal.answer",
            target=proposal,
            authority=proposal.authority,
            data={
                "line": locked.pk,
                "accepted": locked.accepted,
                "number": locked.answer_number,
                "date": day.isoformat() if day else None,
            },
        )
    return locked


def dossier_bundle(proposal: HigherProposal) -> bytes:
    """The nominees' dossier files as the higher level asks for them, one folder per nominee:
    the unit's Tờ trình and minutes, the achievement report and the evidence files.
    Bounded: refused above MAX_BUNDLE_BYTES in all."""
    from nominations.models import Attachment

    lines = list(proposal.lines.select_related("nominee__dossier").order_by("order", "pk"))
    attachments: dict[int, list] = {}
    for attachment in Attachment.objects.filter(
        nominee_id__in=[line.nominee_id for line in lines]
    ).order_by("pk"):
        attachments.setdefault(attachment.nominee_id, []).append(attachment)
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for i, line in enumerate(lines, start=1):
            nominee, dossier = line.nominee, line.nominee.dossier
            folder = document_filename(f"{i:02d}", line.full_name, ext="d")[:-2]
            files = [
                ("to-trinh-don-vi", dossier.letter_file),
                ("bien-ban-xet", dossier.minutes_file),
                ("bao-cao-thanh-tich", nominee.report_file),
            ]
            files += [
                (upload_filename(a.original_name), a.file) for a in attachments.get(nominee.pk, [])
            ]
            for name, field in files:
                if not field:
                    continue
                total += field.size
                if total > MAX_BUNDLE_BYTES:
                    raise TransitionError(
                        _("Các tệp hồ sơ quá lớn để gộp một lần."), code="invalid"
                    )
                with field.open("rb") as fh:
                    stem = name if "." in name else f"{name}{_suffix(field.name)}"
                    archive.writestr(f"{folder}/{stem}", fh.read())
            if nominee.report_text and not nominee.report_file:
                archive.writestr(f"{folder}/bao-cao-thanh-tich.txt", nominee.report_text)
    return buffer.getvalue()


def _suffix(name: str) -> str:
    from pathlib import PurePath

    return PurePath(name).suffix.lower()[:10]
