"""The Tờ trình đề nghị khen thưởng to the higher level as an official document (kind
"higher_proposal", ID = proposal id): header, "TỜ TRÌNH", the trích yếu, "Kính gửi", the
request, the signer block and the attached list. Once issued the frozen data (issued_data) is
the text; its first rendering is bound to the register entry and never made again."""

from __future__ import annotations

from typing import Any

from campaigns.documents import movement_phrase, plan_basis
from decisions.documents import signature_block
from documents.blocks import authority_block
from documents.kinds import DocumentKind
from documents.vietnamese import long_date

from .models import HigherProposal

PROPOSAL_TEMPLATE_VERSION = "higher-proposal-1"


def default_body(proposal: HigherProposal, count: int) -> str:
    campaign = proposal.campaign
    return (
        f"Thực hiện {plan_basis(campaign)}; căn cứ kết quả xét của Hội đồng Thi đua - Khen "
        f"thưởng, {proposal.authority.short_name} kính đề nghị {proposal.addressee} xem xét, "
        f"tặng Bằng khen cho {count:02d} tập thể, cá nhân (có danh sách kèm theo) đã có thành "
        f"tích xuất sắc trong {movement_phrase(campaign)}."
    )


def proposal_data(proposal: HigherProposal) -> dict[str, Any]:
    authority = proposal.authority
    lines = list(proposal.lines.order_by("order", "pk"))
    reference = proposal.reference
    return {
        "kind": "higher_proposal",
        "authority": authority_block(authority),
        "number": proposal.number,
        "symbol": proposal.symbol,
        "reference": reference,
        "place": authority.place_name,
        "issued_on": proposal.issued_on.isoformat() if proposal.issued_on else None,
        "type_name": "TỜ TRÌNH",
        "title": proposal.title,
        "addressee": proposal.addressee,
        "opening": [
            p
            for p in (proposal.body or default_body(proposal, len(lines))).splitlines()
            if p.strip()
        ],
        "closing": [
            f"{authority.short_name} kính trình {proposal.addressee} xem xét, quyết định./."
        ],
        "recipients": ["Như trên;", "Lưu: VT, NV."],
        "signature": signature_block(proposal),
        "list": {
            "title": "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐỀ NGHỊ TẶNG BẰNG KHEN",
            "subtitle": (
                f"(Kèm theo Tờ trình số {reference} {long_date(proposal.issued_on)} của "
                f"{authority.short_name})"
            ),
            "rows": [
                {
                    "no": i,
                    "name": line.full_name,
                    "position": line.position,
                    "form": line.award_form.name,
                    "achievement": line.achievement,
                }
                for i, line in enumerate(lines, start=1)
            ],
        },
        "draft": not proposal.number,
    }


def current_proposal_data(proposal: HigherProposal) -> dict[str, Any]:
    return proposal.issued_data if proposal.register_entry_id else proposal_data(proposal)


def _load(object_id: str) -> HigherProposal:
    return HigherProposal.objects.select_related("authority", "campaign", "signer").get(
        pk=int(object_id)
    )


def _filename(proposal: HigherProposal, data: dict[str, Any]) -> str:
    number = f"{data['number']:02d}" if data.get("number") else "du-thao"
    return f"to-trinh-{number}-ttr-{proposal.authority.document_code}-{proposal.pk}.pdf".lower()


HIGHER_PROPOSAL_KIND = DocumentKind(
    code="higher_proposal",
    label="Tờ trình đề nghị cấp trên khen thưởng",
    template_name="pdf/higher_proposal.html",
    template_version=PROPOSAL_TEMPLATE_VERSION,
    load=_load,
    build_data=current_proposal_data,
    filename=_filename,
    can_view=lambda user, proposal: bool(user.has_perm("awards.view_proposal", proposal)),
    authority_of=lambda proposal: proposal.authority,
    issued_data=lambda proposal: proposal.issued_data if proposal.register_entry_id else None,
)
