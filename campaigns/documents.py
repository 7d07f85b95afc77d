"""The plan (Kế hoạch) as an official document: its data for the print template."""

from __future__ import annotations

from typing import Any

from documents.blocks import collective_name, lower_first, signature_lines
from documents.kinds import DocumentKind
from documents.vietnamese import document_number, roman, short_date

from .enums import AwardsSectionPlace, RecipientKind, RevisionKind
from .models import Campaign, CampaignRevision

PLAN_TEMPLATE_VERSION = "plan-2"
AWARDS_HEADING = "HÌNH THỨC, ĐỐI TƯỢNG, TIÊU CHUẨN KHEN THƯỞNG VÀ THỜI HẠN NỘP HỒ SƠ"


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


def _quota_text(offer) -> str:
    parts = []
    if offer.quota:
        parts.append(f"tối đa {offer.quota}")
    if offer.quota_per_unit:
        parts.append(f"mỗi đơn vị tối đa {offer.quota_per_unit}")
    return f"Số lượng: {'; '.join(parts)}." if parts else ""


def awards_paragraphs(campaign: Campaign, *, deadline=None) -> list[str]:
    """The award forms on offer with their recipients, criteria and quotas, and the dossier
    deadline (`deadline` overrides the campaign's, to compare texts)."""
    deadline = campaign.nomination_deadline if deadline is None else deadline
    found: list[str] = []
    offers = campaign.award_offers.select_related("award_form").order_by("award_form__order", "pk")
    for i, offer in enumerate(offers, start=1):
        form = offer.award_form
        label = str(RecipientKind(form.recipient_kind).label).lower()
        found.append(f"{i}. {form.name} (đối tượng: {label}).")
        criteria = _paragraphs(offer.criteria)
        if criteria:
            found.append(f"Tiêu chuẩn: {' '.join(criteria)}")
        quota = _quota_text(offer)
        if quota:
            found.append(quota)
    receiver = campaign.appraising_unit.name if campaign.appraising_unit_id else ""
    where = f" về {campaign.authority.short_name}" + (f" (qua {receiver})" if receiver else "")
    if deadline:
        found.append(
            f"Thời hạn nộp hồ sơ: hồ sơ đề nghị khen thưởng gửi{where} "
            f"trước ngày {short_date(deadline)}; mỗi đơn vị gửi tối đa "
            f"{campaign.max_dossiers_per_unit} hồ sơ."
        )
    return found


def signature_data(campaign: Campaign) -> dict[str, Any]:
    """The signer block: the lines of the signer form, the printed title and name (the signer's
    own name once a signer is chosen)."""
    name = campaign.signer.full_name if campaign.signer_id else campaign.signer_name
    return {
        "capacity": campaign.signer_capacity,
        "title": campaign.signer_title,
        "name": name,
        "form": campaign.signer_form,
        "lines": signature_lines(
            form=campaign.signer_form,
            signer_title=campaign.signer_title,
            collective=collective_name(campaign.authority),
            capacity=campaign.signer_capacity,
        ),
    }


def plan_data(campaign: Campaign, *, deadline=None) -> dict[str, Any]:
    """Everything the printed plan shows, as JSON: frozen into revisions, hashed for storage."""
    authority = campaign.authority
    sections: list[dict[str, Any]] = []

    def add(heading: str, paragraphs: list[str]) -> None:
        if paragraphs:
            sections.append(
                {"heading": f"{roman(len(sections) + 1)}. {heading}", "paragraphs": paragraphs}
            )

    awards = awards_paragraphs(campaign, deadline=deadline)

    def add_awards_after(place: str) -> None:
        if campaign.awards_section_after == place:
            add(AWARDS_HEADING, awards)

    add("MỤC ĐÍCH, YÊU CẦU", _paragraphs(campaign.purpose))
    add_awards_after(AwardsSectionPlace.AFTER_PURPOSE)
    add("CHỦ ĐỀ THI ĐUA", _paragraphs(campaign.theme))
    add_awards_after(AwardsSectionPlace.AFTER_THEME)
    contents = _paragraphs(campaign.contents_intro)
    contents += [f"{i}. {item}" for i, item in enumerate(campaign.contents, start=1)]
    add("NỘI DUNG THI ĐUA", contents)
    add_awards_after(AwardsSectionPlace.AFTER_CONTENTS)
    add("THỜI GIAN THI ĐUA", [_period_text(campaign)])
    add_awards_after(AwardsSectionPlace.AFTER_PERIOD)
    tasks: list[str] = []
    for i, task in enumerate(campaign.tasks.all(), start=1):
        lines = _paragraphs(task.text)
        if lines:
            tasks.append(f"{i}. {lines[0]}")
            tasks.extend(lines[1:])
    add("TỔ CHỨC THỰC HIỆN", tasks)
    add_awards_after(AwardsSectionPlace.AFTER_TASKS)

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
        "signature": signature_data(campaign),
        "draft": campaign.is_draft,
    }


def current_plan_data(campaign: Campaign) -> dict[str, Any]:
    """The text in force: the latest revision once published, the live draft before."""
    revision = campaign.revisions.order_by("-number").first()
    return revision.data if revision is not None else plan_data(campaign)


def plan_document_data(campaign: Campaign) -> dict[str, Any]:
    """The plan as a document: the issued text (revision 1) once published, never re-rendered
    with later changes (those are documents of their own); the live text before."""
    issued = issued_plan_data(campaign)
    return issued if issued is not None else plan_data(campaign)


def last_issued_text(campaign: Campaign) -> dict[str, Any] | None:
    """The whole plan's text as last issued: revision 1, or the latest amendment with a number."""
    for revision in campaign.revisions.order_by("-number"):
        if revision.is_issued:
            return revision.data
    return None


def _heading_key(heading: str) -> str:
    """'IV. THỜI GIAN THI ĐUA' → 'THỜI GIAN THI ĐUA' (sections move when one is added)."""
    head, _sep, rest = heading.partition(". ")
    return rest if rest and head.isupper() and head.isalpha() else heading


def _reference_of(campaign: Campaign) -> str:
    return f"Kế hoạch số {campaign.reference} ngày {short_date(campaign.issued_on)}"


def change_document_data(
    campaign: Campaign,
    *,
    kind: str,
    before: dict[str, Any],
    after: dict[str, Any],
    old_deadline=None,
) -> dict[str, Any]:
    """The document that issues a change of an issued plan: a Thông báo of the changed dossier
    deadline, or a Kế hoạch sửa đổi, bổ sung listing the sections as they now read. Its number
    and date are given on the signer's approval (set_issued)."""
    authority = campaign.authority
    plan_ref = _reference_of(campaign)
    about = lower_first(campaign.title.strip())
    base = {
        "authority": after["authority"],
        "number": None,
        "place": after["place"],
        "issued_on": None,
        "recipients": after["recipients"],
        "signature": after["signature"],
        "draft": False,
        "plan_reference": campaign.reference,
    }
    if kind == RevisionKind.DEADLINE_NOTICE:
        new = short_date(campaign.nomination_deadline)
        old = short_date(old_deadline) if old_deadline else ""
        change = f"trước ngày {new}" + (f" (thay cho ngày {old})" if old else "")
        return {
            **base,
            "kind": "plan_amendment",
            "doc_type": "TB",
            "symbol": f"TB-{authority.document_code}",
            "type_name": "THÔNG BÁO",
            "title": (
                f"Thay đổi thời hạn nộp hồ sơ đề nghị khen thưởng theo {plan_ref} "
                f"của {authority.short_name} về {about}"
            ),
            "opening": [
                f"{authority.short_name} thông báo thay đổi thời hạn nộp hồ sơ đề nghị khen "
                f"thưởng theo {plan_ref} về {about} như sau:"
            ],
            "sections": [
                {
                    "heading": "",
                    "paragraphs": [
                        f"Hồ sơ đề nghị khen thưởng gửi {change}.",
                        f"Các nội dung khác của {plan_ref} giữ nguyên.",
                    ],
                }
            ],
            "closing": ["Đề nghị các cơ quan, đơn vị tham gia biết, thực hiện./."],
        }
    old_sections = {_heading_key(x["heading"]): x for x in before.get("sections", [])}
    new_sections = {_heading_key(x["heading"]): x for x in after.get("sections", [])}
    items: list[dict[str, Any]] = []
    n = 0
    if before.get("title") != after.get("title"):
        n += 1
        items.append(
            {"heading": f"{n}. Sửa đổi trích yếu như sau:", "paragraphs": [after["title"]]}
        )
    if before.get("opening") != after.get("opening"):
        n += 1
        items.append(
            {"heading": f"{n}. Sửa đổi phần căn cứ như sau:", "paragraphs": after["opening"]}
        )
    for key, section in new_sections.items():
        old = old_sections.get(key)
        if old is None:
            n += 1
            items.append(
                {
                    "heading": f"{n}. Bổ sung mục {section['heading']}:",
                    "paragraphs": section["paragraphs"],
                }
            )
        elif old["paragraphs"] != section["paragraphs"]:
            n += 1
            items.append(
                {
                    "heading": f"{n}. Sửa đổi mục {section['heading']} như sau:",
                    "paragraphs": section["paragraphs"],
                }
            )
    for key, section in old_sections.items():
        if key not in new_sections:
            n += 1
            items.append({"heading": f"{n}. Bãi bỏ mục {section['heading']}.", "paragraphs": []})
    if before.get("closing") != after.get("closing"):
        n += 1
        items.append({"heading": f"{n}. Sửa đổi đoạn kết như sau:", "paragraphs": after["closing"]})
    return {
        **base,
        "kind": "plan_amendment",
        "doc_type": "KH",
        "symbol": f"KH-{authority.document_code}",
        "type_name": "KẾ HOẠCH",
        "title": f"Sửa đổi, bổ sung {plan_ref} của {authority.short_name} về {about}",
        "opening": [
            f"Căn cứ {plan_ref} của {authority.short_name} về {about}; {authority.short_name} "
            "sửa đổi, bổ sung một số nội dung của Kế hoạch như sau:"
        ],
        "sections": items,
        "closing": [
            f"Các nội dung khác của {plan_ref} giữ nguyên. Đề nghị các cơ quan, đơn vị "
            "tham gia triển khai thực hiện./."
        ],
    }


def set_issued(data: dict[str, Any], *, number: int, issued_on) -> dict[str, Any]:
    """A change document's data with the number and date given on approval."""
    return {
        **data,
        "number": number,
        "issued_on": issued_on.isoformat(),
        "reference": f"{document_number(number)}/{data['symbol']}",
    }


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


def may_see_unissued(user, campaign: Campaign) -> bool:
    """A text without a number (a draft, or one waiting for signature) is for its authors (the
    campaign's managers) and its signer only, whoever may see the campaign later."""
    return bool(
        user.has_perm("campaigns.change_campaign", campaign)
        or (campaign.signer_id is not None and campaign.signer_id == user.pk)
    )


def _can_view_plan_data(user, campaign: Campaign, data: dict[str, Any]) -> bool:
    return bool(data.get("number")) or may_see_unissued(user, campaign)


PLAN_KIND = DocumentKind(
    code="plan",
    label="Kế hoạch phát động phong trào thi đua",
    template_name="pdf/plan.html",
    template_version=PLAN_TEMPLATE_VERSION,
    load=_load,
    build_data=plan_document_data,
    filename=_filename,
    can_view=_can_view,
    issued_data=issued_plan_data,
    can_view_data=_can_view_plan_data,
)


# The documents that issue a change of an issued plan (object: the CampaignRevision).


def _load_revision(object_id: str) -> CampaignRevision:
    return CampaignRevision.objects.select_related("campaign__authority", "register_entry").get(
        pk=int(object_id)
    )


def _revision_data(revision: CampaignRevision) -> dict[str, Any]:
    return revision.document_data or {}


def _issued_revision_data(revision: CampaignRevision) -> dict[str, Any] | None:
    return revision.document_data if revision.register_entry_id else None


def _revision_filename(revision: CampaignRevision, data: dict[str, Any]) -> str:
    stem = "thong-bao" if data.get("doc_type") == "TB" else "ke-hoach-sua-doi"
    number = f"{data['number']:02d}" if data.get("number") else "du-thao"
    return f"{stem}-{number}-{data.get('symbol', '')}-{revision.pk}.pdf".lower()


def _can_view_revision(user, revision: CampaignRevision) -> bool:
    return _can_view(user, revision.campaign) and (
        revision.register_entry_id is not None or may_see_unissued(user, revision.campaign)
    )


def _can_view_revision_data(user, revision: CampaignRevision, data: dict[str, Any]) -> bool:
    return bool(data.get("number")) or may_see_unissued(user, revision.campaign)


AMENDMENT_KIND = DocumentKind(
    code="plan_amendment",
    label="Kế hoạch sửa đổi, bổ sung; thông báo thay đổi hạn nộp hồ sơ",
    template_name="pdf/plan.html",
    template_version=PLAN_TEMPLATE_VERSION,
    load=_load_revision,
    build_data=_revision_data,
    filename=_revision_filename,
    can_view=_can_view_revision,
    authority_of=lambda revision: revision.campaign.authority,
    issued_data=_issued_revision_data,
    can_view_data=_can_view_revision_data,
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
