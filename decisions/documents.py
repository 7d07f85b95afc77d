"""The Quyết định khen thưởng as an official document (kind "decision", ID = decision id).

build_data returns JSON only: the header, Căn cứ (laws in force on the decision's date, the plan,
the council's proposal, the appraising office's Tờ trình), "QUYẾT ĐỊNH:", Điều 1–3, Nơi nhận,
the signer block (CHỦ TỊCH, or KT. CHỦ TỊCH / PHÓ CHỦ TỊCH) and the attached list in sections
I. TẬP THỂ / II. CÁ NHÂN. Once signed, the data frozen at signing (Decision.issued_data) is the
issued text; its first rendering is bound to the register entry and never rendered again.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.utils import timezone

from campaigns.documents import movement_phrase, plan_basis
from campaigns.enums import RecipientKind
from documents.blocks import authority_block, lines, local_name
from documents.kinds import DocumentKind
from documents.vietnamese import long_date, money, roman, short_date
from organizations.enums import Role

from . import money as prize_money
from .enums import DecisionPurpose
from .models import Decision, DecisionLine

DECISION_TEMPLATE_VERSION = "decision-1"
KIND_LABELS = {
    RecipientKind.COLLECTIVE: "tập thể",
    RecipientKind.INDIVIDUAL: "cá nhân",
    RecipientKind.HOUSEHOLD: "hộ gia đình",
}
SECTION_TITLES = (
    (RecipientKind.COLLECTIVE, "TẬP THỂ"),
    (RecipientKind.INDIVIDUAL, "CÁ NHÂN"),
    (RecipientKind.HOUSEHOLD, "HỘ GIA ĐÌNH"),
)


def signer_form(decision: Decision) -> str:
    from documents.enums import SignerForm

    return SignerForm.DIRECT if decision.signer.has_role(Role.CHAIRMAN) else SignerForm.KT


def signature_block(decision: Decision) -> dict[str, str]:
    """CHỦ TỊCH for the Chairman's own signature; KT. CHỦ TỊCH / PHÓ CHỦ TỊCH for a deputy."""
    signer = decision.signer
    if signer.has_role(Role.CHAIRMAN):
        return {"capacity": "", "title": "CHỦ TỊCH", "name": signer.full_name}
    return {"capacity": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": signer.full_name}


def _count(n: int) -> str:
    return f"{n:02d}"


def _row(line: DecisionLine) -> dict[str, Any]:
    return {
        "no": line.register_number,
        "name": line.full_name,
        "position": line.position,
        "unit": line.unit_name,
        "form": line.award_form.name,
        "amount": line.amount if line.paid else None,
        "amount_text": money(line.amount).replace(" đồng", "") if line.paid and line.amount else "",
        "note": line.note,
    }


def _sections(rows: list[DecisionLine]) -> list[dict[str, Any]]:
    sections = []
    for kind, heading in SECTION_TITLES:
        chosen = [line for line in rows if line.recipient_kind == kind]
        if chosen:
            sections.append(
                {
                    "heading": f"{roman(len(sections) + 1)}. {heading}",
                    "rows": [_row(line) for line in chosen],
                    "subtotal": sum(line.amount or 0 for line in chosen if line.paid),
                }
            )
    return sections


def _award_articles(decision: Decision, rows: list[DecisionLine], issuer: str) -> list[str]:
    campaign = decision.campaign
    counts = OrderedDict()
    for kind, _heading in SECTION_TITLES:
        n = sum(1 for line in rows if line.recipient_kind == kind)
        if n:
            counts[kind] = n
    who = " và ".join(f"{_count(n)} {KIND_LABELS[k]}" for k, n in counts.items())
    forms = list(OrderedDict.fromkeys(line.award_form.name for line in rows))
    gives = "Giấy khen" if all(f.startswith("Giấy khen") for f in forms) else ", ".join(forms)
    article1 = (
        f"Tặng {gives} của Chủ tịch {issuer} cho {who} "
        f"(có danh sách kèm theo) đã có thành tích xuất sắc trong {movement_phrase(campaign)}."
    )
    # Điều 2: the prize per collective and per individual, per form if they differ.
    rates: OrderedDict[tuple[str, str], set[int]] = OrderedDict()
    for line in rows:
        if line.paid and line.amount:
            rates.setdefault((line.award_form.name, line.recipient_kind), set()).add(line.amount)
    parts = []
    for (form, kind), amounts in rates.items():
        label = KIND_LABELS[kind]
        shown = ", ".join(money(a) for a in sorted(amounts))
        parts.append(f"mỗi {label} {shown}" if len(forms) == 1 else f"{form}: mỗi {label} {shown}")
    total = sum(line.amount or 0 for line in rows if line.paid)
    article2 = (
        f"Tập thể, cá nhân có tên tại Điều 1 được tặng Giấy khen kèm theo tiền "
        f"thưởng theo quy định: {'; '.join(parts) or '…'}. Tổng số tiền thưởng: {money(total)} "
        f"({prize_money.amount_in_words(total)})."
    )
    funding = decision.funding_source or (
        f"Quỹ thi đua, khen thưởng của {decision.authority.short_name}"
    )
    return [_art(1, article1), _art(2, article2), _art(None, f"Nguồn kinh phí: {funding}.")]


def _art(n: int | None, text: str) -> dict[str, str]:
    return {"label": f"Điều {n}." if n else "", "text": text}


def _correction_articles(decision: Decision, rows: list[DecisionLine]) -> list[str]:
    target = decision.target
    ref = f"Quyết định số {target.reference} ngày {short_date(target.signed_on)}"
    if decision.purpose == DecisionPurpose.REVOKE:
        names = "; ".join(f"{line.full_name} ({line.unit_name})" for line in rows)
        total = sum(line.amount or 0 for line in rows if line.paid)
        return [
            _art(1, f"Hủy bỏ việc khen thưởng tại {ref} đối với: {names} (có danh sách kèm theo)."),
            _art(
                2,
                f"Thu hồi Giấy khen và số tiền thưởng đã nhận: {money(total)} "
                f"({prize_money.amount_in_words(total)}).",
            ),
        ]
    text = lines(decision.amendment_text) or ["…"]
    return [
        _art(1, f"Sửa đổi, bổ sung {ref} như sau:"),
        *(_art(None, t) for t in text),
        _art(2, f"Các nội dung khác của {ref} giữ nguyên hiệu lực."),
    ]


def decision_data(decision: Decision) -> dict[str, Any]:
    """Everything the printed decision shows, as JSON, from the decision as it is now (its number
    and date once given, blanks before)."""
    authority = decision.authority
    campaign = decision.campaign
    issuer_title = f"CHỦ TỊCH {authority.name.upper()}"
    day = decision.signed_on or timezone.localdate()
    from .selectors import legal_bases_on, lines_of

    rows = list(lines_of(decision))
    bases = [basis.text for basis in legal_bases_on(authority_id=authority.pk, day=day)]
    if decision.purpose == DecisionPurpose.AWARD:
        bases.append(plan_basis(campaign))
    else:
        target = decision.target
        bases.append(
            f"Quyết định số {target.reference} ngày {short_date(target.signed_on)} của Chủ tịch "
            f"{authority.short_name} {target.title[:1].lower()}{target.title[1:]}"
        )
    bases += [b.strip().rstrip(";.") for b in decision.extra_bases if b.strip()]
    if decision.purpose == DecisionPurpose.AWARD:
        articles = _award_articles(decision, rows, authority.short_name)
    else:
        articles = _correction_articles(decision, rows)
    implementers = decision.implementers.strip() or (
        "Chánh Văn phòng HĐND và UBND, Trưởng phòng Nội vụ, Thủ trưởng các cơ quan, đơn vị có "
        "liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết "
        "định này."
    )
    n_article = len([a for a in articles if a["label"]]) + 1
    articles.append(_art(n_article, f"Quyết định này có hiệu lực kể từ ngày ký. {implementers}"))
    recipients = [r.strip().lstrip("-").strip() for r in decision.recipients if r.strip()] or [
        f"Như Điều {n_article};",
        "TT Hội đồng TĐKT;",
        "Lưu: VT, NV.",
    ]
    sections = _sections(rows)
    total = sum(s["subtotal"] for s in sections)
    number = decision.number
    reference = decision.reference
    return {
        "kind": "decision",
        "authority": authority_block(authority),
        "number": number,
        "symbol": decision.symbol,
        "reference": reference,
        "place": authority.place_name,
        "issued_on": decision.signed_on.isoformat() if decision.signed_on else None,
        "type_name": "QUYẾT ĐỊNH",
        "title": decision.title,
        "issuer_title": issuer_title,
        "bases": bases,
        "considering": decision.proposal_text.strip(),
        "articles": articles,
        "recipients": recipients,
        "signature": signature_block(decision),
        "list": {
            "title": (
                "DANH SÁCH TẬP THỂ, CÁ NHÂN BỊ HỦY BỎ KHEN THƯỞNG"
                if decision.purpose == DecisionPurpose.REVOKE
                else "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN"
            ),
            "subtitle": (
                f"(Kèm theo Quyết định số {reference} {long_date(decision.signed_on)} "
                f"của Chủ tịch {authority.short_name})"
            ),
            "sections": sections,
            "total": total,
            "total_words": prize_money.amount_in_words(total),
        }
        if rows
        else None,
        "area": local_name(authority),
        "draft": not number,
    }


def issued_decision_data(decision: Decision) -> dict[str, Any] | None:
    """The text frozen when the number was given (None before)."""
    return decision.issued_data if decision.register_entry_id else None


def current_decision_data(decision: Decision) -> dict[str, Any]:
    return issued_decision_data(decision) or decision_data(decision)


def _load(object_id: str) -> Decision:
    return Decision.objects.select_related("authority", "campaign", "signer", "target").get(
        pk=int(object_id)
    )


def _filename(decision: Decision, data: dict[str, Any]) -> str:
    number = f"{data['number']:02d}" if data.get("number") else "du-thao"
    return f"quyet-dinh-{number}-qd-{decision.authority.document_code}-{decision.pk}.pdf".lower()


def _can_view(user, decision: Decision) -> bool:
    return bool(user.has_perm("decisions.view_decision", decision))


DECISION_KIND = DocumentKind(
    code="decision",
    label="Quyết định khen thưởng",
    template_name="pdf/decision.html",
    template_version=DECISION_TEMPLATE_VERSION,
    load=_load,
    build_data=current_decision_data,
    filename=_filename,
    can_view=_can_view,
    authority_of=lambda decision: decision.authority,
    issued_data=issued_decision_data,
)
