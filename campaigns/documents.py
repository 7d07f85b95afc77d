"""The plan (Kế hoạch) as an official document: its data for the print template."""

from __future__ import annotations

from typing import Any

from documents.blocks import lower_first
from documents.kinds import DocumentKind
from documents.vietnamese import roman, short_date

from .models import Campaign

PLAN_TEMPLATE_VERSION = "plan-1"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _period_text(campaign: Campaign) -> str:
    if campaign.period_text.strip():
        return campaign.period_text.strip()
    start = (
        f"ngày {short_date(campaign.period_start)}"
        if campaign.period_start
        else "ngày phát động phong trào thi đua"
    )
    if campaign.period_end:
        return f"Từ {start} đến ngày {short_date(campaign.period_end)}."
    if campaign.event_name:
        event = campaign.event_name
        if campaign.event_date:
            event = f"{event} (ngày {short_date(campaign.event_date)})"
        return f"Từ {start} đến trước thời điểm diễn ra {event}."
    return f"Từ {start}."


def plan_data(campaign: Campaign) -> dict[str, Any]:
    """Everything the printed plan shows, as JSON: frozen into revisions, hashed for storage."""
    authority = campaign.authority
    sections: list[dict[str, Any]] = []

    def add(heading: str, paragraphs: list[str]) -> None:
        if paragraphs:
            sections.append(
                {"heading": f"{roman(len(sections) + 1)}. {heading}", "paragraphs": paragraphs}
            )

    add("MỤC ĐÍCH, YÊU CẦU", _paragraphs(campaign.purpose))
    add("CHỦ ĐỀ THI ĐUA", _paragraphs(campaign.theme))
    contents = _paragraphs(campaign.contents_intro)
    contents += [f"{i}. {item}" for i, item in enumerate(campaign.contents, start=1)]
    add("NỘI DUNG THI ĐUA", contents)
    add("THỜI GIAN THI ĐUA", [_period_text(campaign)])
    tasks: list[str] = []
    for i, task in enumerate(campaign.tasks.all(), start=1):
        lines = _paragraphs(task.text)
        if lines:
            tasks.append(f"{i}. {lines[0]}")
            tasks.extend(lines[1:])
    add("TỔ CHỨC THỰC HIỆN", tasks)

    opening: list[str] = []
    bases = [b.strip().rstrip(";.").strip() for b in campaign.legal_bases if b.strip()]
    preamble = " ".join(_paragraphs(campaign.preamble))
    if bases:
        # As in the seed: one paragraph "Căn cứ A; B; C." followed by the lead-in sentence.
        basis_text = "Căn cứ " + "; ".join(bases) + "."
        opening.append(f"{basis_text} {preamble}".strip())
    elif preamble:
        opening.append(preamble)

    return {
        "kind": "plan",
        "authority": {
            "name": authority.name,
            "parent_header": authority.parent_header_name,
            "header_lines": [ln.strip() for ln in authority.header_name.splitlines() if ln.strip()],
            "code": authority.document_code,
        },
        "number": campaign.number,
        "symbol": campaign.symbol,
        "reference": campaign.reference,
        "place": campaign.place_name or authority.place_name,
        "issued_on": campaign.issued_on.isoformat() if campaign.issued_on else None,
        "type_name": "KẾ HOẠCH",
        "title": campaign.title,
        "opening": opening,
        "sections": sections,
        "closing": _paragraphs(campaign.closing),
        "recipients": [r.strip().lstrip("-").strip() for r in campaign.recipients if r.strip()],
        "signature": {
            "capacity": campaign.signer_capacity,
            "title": campaign.signer_title,
            "name": campaign.signer_name,
        },
        "draft": campaign.is_draft,
    }


def current_plan_data(campaign: Campaign) -> dict[str, Any]:
    """The text in force: the latest revision once published, the live draft before."""
    revision = campaign.revisions.order_by("-number").first()
    return revision.data if revision is not None else plan_data(campaign)


def issued_plan_data(campaign: Campaign) -> dict[str, Any] | None:
    """The text as issued with the register number (revision 1), None for a draft. Its first
    rendering is the issued document's PDF, never rendered again; later revisions keep the
    ordinary rules (a new layout renders them anew)."""
    revision = campaign.revisions.filter(number=1).first()
    return revision.data if revision is not None else None


def _load(object_id: str) -> Campaign:
    return Campaign.objects.select_related("authority").get(pk=int(object_id))


def _filename(campaign: Campaign, data: dict[str, Any]) -> str:
    number = f"{data['number']:02d}" if data.get("number") else "du-thao"
    return f"ke-hoach-{number}-{data['symbol']}-{campaign.pk}.pdf".lower()


def _can_view(user, campaign: Campaign) -> bool:
    from .selectors import campaigns_visible_to

    return campaigns_visible_to(user).filter(pk=campaign.pk).exists()


PLAN_KIND = DocumentKind(
    code="plan",
    label="Kế hoạch phát động phong trào thi đua",
    template_name="pdf/plan.html",
    template_version=PLAN_TEMPLATE_VERSION,
    load=_load,
    build_data=current_plan_data,
    filename=_filename,
    can_view=_can_view,
    issued_data=issued_plan_data,
)


def movement_phrase(campaign: Campaign) -> str:
    """'phong trào thi đua chào mừng …' from the plan's trích yếu 'Phát động Phong trào thi đua
    chào mừng …': what the nominees' achievements were in."""
    title = campaign.title.strip()
    for verb in ("Phát động ", "Triển khai ", "Tổ chức "):
        if title.lower().startswith(verb.lower()):
            title = title[len(verb) :]
            break
    return lower_first(title) if title.lower().startswith("phong trào") else title


def plan_basis(campaign: Campaign) -> str:
    """'Kế hoạch số 01/KH-UBND ngày 15/4/2024 của UBND huyện Ba Tơ về phát động …'."""
    about = lower_first(campaign.title.strip())
    if campaign.number and campaign.issued_on:
        return (
            f"Kế hoạch số {campaign.reference} ngày {short_date(campaign.issued_on)} "
            f"của {campaign.authority.short_name} về {about}"
        )
    return f"Kế hoạch của {campaign.authority.short_name} về {about}"
