"""Official documents of nominations, printed through the shared engine (documents/):

- "achievement_report" (ID = nominee id): a nominee's báo cáo thành tích from the typed text.

build_data returns JSON only (what the document shows); the templates extend pdf/base.html.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from campaigns.documents import movement_phrase, plan_basis
from campaigns.enums import RecipientKind
from documents.blocks import lines, local_name
from documents.filenames import document_filename
from documents.kinds import DocumentKind
from documents.vietnamese import roman, short_date
from organizations.models import Authority, Unit
from organizations.vietnamese import fold

from .models import Nominee

ACHIEVEMENT_REPORT_VERSION = "achievement-report-2"

# A trailing qualifier that tells the app's award forms apart ("(cá nhân)", "cho tập thể") is
# internal: the printed form is the award itself.
_QUALIFIER = re.compile(
    r"\s*(\((cá nhân|tập thể|hộ gia đình|gia đình)\)|(cho|đối với)\s+(cá nhân|tập thể|hộ gia đình))\s*$",
    re.IGNORECASE,
)
# Headings the clerk may have typed (the help text names the form's sections): the template
# prints its own, so a typed one only tells where his text goes.
_GENERAL_HEADING = re.compile(
    r"^\s*(I|1)\s*[.)/:-]\s*(thông tin chung|sơ lược (lý lịch|đặc điểm)[^\n]*|đặc điểm[^\n]*)\s*[:.]?\s*$",
    re.IGNORECASE,
)
_ACHIEVEMENT_HEADING = re.compile(
    r"^\s*(II|2)\s*[.)/:-]\s*thành tích( đạt được)?\s*[:.]?\s*$", re.IGNORECASE
)
_OTHER_HEADING = re.compile(r"^\s*(III|IV|V)\s*[.)/:-]\s*(\S.*)$", re.IGNORECASE)


def award_title(form_name: str, authority: Authority) -> str:
    """'Giấy khen của Chủ tịch UBND (cá nhân)' -> 'Giấy khen của Chủ tịch UBND huyện Ba Tơ'."""
    title = _QUALIFIER.sub("", form_name.strip()).strip()
    if re.search(r"(UBND|Ủy ban nhân dân)$", title, re.IGNORECASE):
        title = f"{title} {local_name(authority)}"
    return title


def report_sections(text: str) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """(general lines, achievement paragraphs, later sections) of a typed report: typed headings
    of the form's sections I and II are dropped (the template prints them once); text under
    "I." joins the general information, text before any heading or under "II." the
    achievements; "III. …" and later start sections of their own."""
    general: list[str] = []
    achievements: list[str] = []
    others: list[dict[str, Any]] = []
    target = achievements
    for line in lines(text):
        if _GENERAL_HEADING.match(line):
            target = general
        elif _ACHIEVEMENT_HEADING.match(line):
            target = achievements
        elif match := _OTHER_HEADING.match(line):
            others.append(
                {"heading": f"{match.group(1).upper()}. {match.group(2).strip()}", "paragraphs": []}
            )
            target = others[-1]["paragraphs"]
        else:
            target.append(line.lstrip("-– ").strip() if target is general else line)
    return general, achievements, others


def unit_signer(unit: Unit | None, *, default_title: str = "Thủ trưởng đơn vị") -> dict[str, str]:
    """How the head of a unit signs: 'TM. ỦY BAN NHÂN DÂN' / 'CHỦ TỊCH' / his name."""
    if unit is None:
        return {"capacity": "", "title": "", "name": ""}
    return {
        "capacity": unit.head_capacity.strip().upper(),
        "title": (unit.head_title.strip() or default_title).upper(),
        "name": unit.head_display_name,
    }


# ---------------------------------------------------------------------------------------------
# Báo cáo thành tích (achievement report), ID = nominee id


def achievement_report_data(nominee: Nominee) -> dict[str, Any]:
    """The achievement report of one nominee laid out as the decree's form for a thematic
    campaign (Báo cáo thành tích đề nghị khen thưởng theo đợt, chuyên đề; domain.md §5).

    An individual's: issued by his unit (under its parent body), signed by him, confirmed by
    the unit's head. A collective of the unit (a hamlet, a team): issued by the collective
    under the unit, signed by its head, confirmed by the unit's head (the level that proposes
    it). The unit itself as a collective: signed by its head, confirmed by the level above.
    The place is the unit's; the date is the Tờ trình's, else left blank to be written by hand.
    No number (the form has none).
    """
    dossier = nominee.dossier
    unit = dossier.unit
    campaign = dossier.campaign
    authority = campaign.authority
    collective = nominee.kind == RecipientKind.COLLECTIVE
    household = nominee.kind == RecipientKind.HOUSEHOLD
    itself = collective and fold(nominee.full_name) == fold(unit.name)
    above = unit.parent.name if unit.parent_id else authority.short_name
    if collective and not itself:
        parent, issuer = nominee.parent_unit_name.strip() or unit.name, nominee.full_name
    else:
        parent, issuer = above, unit.name
    general_typed, achievements, others = report_sections(nominee.report_text)
    if collective:
        label = "Tập thể đề nghị khen thưởng"
        named = nominee.full_name
        general = []
        if nominee.parent_unit_name or not itself:
            general.append(f"Đơn vị cấp trên trực tiếp: {nominee.parent_unit_name or unit.name}")
        if nominee.workplace:
            general.append(f"Trụ sở, địa bàn: {nominee.workplace}")
        if nominee.member_count is not None:
            members = f"Số thành viên: {nominee.member_count}"
            if nominee.women_share is not None:
                members += f"; tỷ lệ nữ: {nominee.women_share}%"
            general.append(members)
        if nominee.position:
            general.append(f"Chức năng, nhiệm vụ chính: {nominee.position}")
    else:
        label = "Hộ gia đình đề nghị khen thưởng" if household else "Cá nhân đề nghị khen thưởng"
        named = ", ".join(p for p in (nominee.full_name, nominee.position) if p)
        sex = nominee.get_gender_display() if nominee.gender else ""
        born = short_date(nominee.birth_date)
        ethnic = nominee.ethnicity.name if nominee.ethnicity_id else ""
        first = "; ".join(
            part
            for part in (
                f"Giới tính: {sex}" if sex else "",
                f"ngày, tháng, năm sinh: {born}" if born else "",
                f"dân tộc: {ethnic}" if ethnic else "",
            )
            if part
        )
        general = [first[:1].upper() + first[1:]] if first else []
        if nominee.hometown:
            general.append(f"Quê quán: {nominee.hometown}")
        general.append(f"Đơn vị công tác: {nominee.workplace or unit.name}")
        if nominee.position:
            general.append(f"Chức vụ: {nominee.position}")
    general += general_typed

    unit_head = unit_signer(unit, default_title="")
    if collective and itself:
        confirmation = {
            **unit_signer(unit.parent, default_title=""),
            "role": "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
            "note": "(Ký, đóng dấu)",
        }
        # The head signs in his own title where it is known ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH").
        role = "" if unit.head_title.strip() else "THỦ TRƯỞNG ĐƠN VỊ"
        signature = {**unit_head, "role": role, "note": "(Ký, đóng dấu)"}
    elif collective:
        confirmation = {
            **unit_head,
            "role": "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
            "note": "(Ký, đóng dấu)",
        }
        signature = {
            "capacity": "",
            "title": "",
            "name": "",
            "role": "THỦ TRƯỞNG ĐƠN VỊ",
            "note": "(Ký, ghi rõ họ và tên)",
        }
    else:
        confirmation = {
            **unit_head,
            "role": "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ",
            "note": "(Ký, đóng dấu)",
        }
        signature = {
            "capacity": "",
            "title": "",
            "name": "",
            "role": "NGƯỜI BÁO CÁO THÀNH TÍCH",
            "note": "(Ký, ghi rõ họ và tên)",
        }
    return {
        "kind": "achievement_report",
        "authority": {
            "name": issuer,
            "parent_header": parent.upper(),
            "header_lines": [issuer.upper()],
            "code": authority.document_code,
        },
        "number": None,
        "symbol": "",
        "place": unit.place,
        "issued_on": dossier.letter_date.isoformat() if dossier.letter_date else None,
        "type_name": "BÁO CÁO THÀNH TÍCH",
        "title": f"ĐỀ NGHỊ TẶNG {award_title(nominee.award_offer.award_form.name, authority).upper()}",
        "subtitle": f"Về thành tích trong {movement_phrase(campaign)}",
        "nominee": {"label": label, "name": named, "collective": collective},
        "general": general,
        "achievements": achievements,
        "sections": others,
        "summary": nominee.achievement_summary.strip(),
        "recipients": [],
        "confirmation": confirmation,
        "signature": signature,
        "draft": False,
    }


def _load_nominee(object_id: str) -> Nominee:
    return Nominee.objects.select_related(
        "dossier__unit__parent__head",
        "dossier__unit__head",
        "dossier__campaign__authority",
        "award_offer__award_form",
        "ethnicity",
    ).get(pk=int(object_id))


def _can_view_achievement_report(user, nominee: Nominee) -> bool:
    from .selectors import dossiers_visible_to

    return dossiers_visible_to(user).filter(pk=nominee.dossier_id).exists()


ACHIEVEMENT_REPORT_KIND = DocumentKind(
    code="achievement_report",
    label="Báo cáo thành tích của tập thể, cá nhân (ID: mã đối tượng)",
    template_name="pdf/achievement_report.html",
    template_version=ACHIEVEMENT_REPORT_VERSION,
    load=_load_nominee,
    build_data=achievement_report_data,
    filename=lambda nominee, data: document_filename(
        "Bao cao thanh tich", nominee.full_name, str(nominee.pk)
    ),
    can_view=_can_view_achievement_report,
    authority_of=lambda nominee: nominee.dossier.campaign.authority,
)


# ---------------------------------------------------------------------------------------------
# The unit's own documents, ID = dossier id: its Tờ trình đề nghị khen thưởng and the attached
# danh sách (collectives, individuals, households), for the clerk to print, sign, scan, attach.

UNIT_LETTER_VERSION = "unit-letter-1"
SECTION_TITLES = (
    (RecipientKind.COLLECTIVE, "TẬP THỂ"),
    (RecipientKind.INDIVIDUAL, "CÁ NHÂN"),
    (RecipientKind.HOUSEHOLD, "HỘ GIA ĐÌNH"),
)


def _letter_reference(dossier) -> tuple[str, str]:
    """('05', 'TTr-UBND') from the typed '05/TTr-UBND'; a blank number before one is given."""
    typed = dossier.letter_number.strip()
    code = dossier.unit.document_code.strip() or "UBND"
    if "/" in typed:
        number, symbol = typed.split("/", 1)
        return number.strip(), symbol.strip()
    return typed, f"TTr-{code}"


def unit_letter_data(dossier) -> dict[str, Any]:
    """The unit's Tờ trình and its list, in the unit's name: header of the unit under its parent
    body, its number and date as typed (blank until then), its place, the proposal per award
    form, the people by section, signed by the unit's head in his signer form."""
    unit = dossier.unit
    campaign = dossier.campaign
    authority = campaign.authority
    parent = unit.parent.name if unit.parent_id else authority.short_name
    nominees = list(
        dossier.nominees.select_related("award_offer__award_form").order_by("order", "pk")
    )
    sections = []
    forms: dict[str, dict[str, int]] = {}
    for kind, heading in SECTION_TITLES:
        people = [n for n in nominees if n.kind == kind]
        if not people:
            continue
        rows = []
        for n in people:
            form = award_title(n.award_offer.award_form.name, authority)
            forms.setdefault(form, {"collectives": 0, "individuals": 0, "households": 0})
            key = {"collective": "collectives", "household": "households"}.get(kind, "individuals")
            forms[form][key] += 1
            if kind == RecipientKind.COLLECTIVE:
                where = n.parent_unit_name or unit.name
            else:
                where = ", ".join(p for p in (n.position, n.workplace or unit.name) if p)
            rows.append(
                {
                    "name": n.full_name,
                    "where": where,
                    "form": form,
                    "summary": n.achievement_summary.strip(),
                }
            )
        sections.append({"heading": heading, "rows": rows})
    for number, section in enumerate(sections, start=1):
        section["heading"] = f"{roman(number)}. {section['heading']}"
    counts = [{"form": form, **numbers} for form, numbers in forms.items()]
    number, symbol = _letter_reference(dossier)
    office = campaign.appraising_unit
    signer = unit_signer(unit)
    signer["name"] = dossier.letter_signer.strip() or signer["name"]
    return {
        "kind": "unit_letter",
        "authority": {
            "name": unit.name,
            "parent_header": parent.upper(),
            "header_lines": [unit.name.upper()],
            "code": authority.document_code,
        },
        "number": number,
        "symbol": symbol,
        "reference": f"{number}/{symbol}" if number else "",
        "place": unit.place,
        "issued_on": dossier.letter_date.isoformat() if dossier.letter_date else None,
        "type_name": "TỜ TRÌNH",
        "title": f"Về việc đề nghị khen thưởng các tập thể, cá nhân có thành tích trong "
        f"{movement_phrase(campaign)}",
        "addressee": f"Chủ tịch {authority.short_name}",
        "through": office.name if office else "",
        "basis": plan_basis(campaign),
        "unit": unit.name,
        "counts": counts,
        "total_collectives": sum(c["collectives"] for c in counts),
        "total_individuals": sum(c["individuals"] for c in counts),
        "total_households": sum(c["households"] for c in counts),
        "sections": sections,
        "recipients": ["Như trên;", "Lưu: VT."],
        "signature": signer,
        "draft": False,
    }


def _letter_filename(kind: str):
    def name(dossier, data: dict[str, Any]) -> str:
        label = "To trinh" if kind == "unit_letter" else "Danh sach de nghi"
        if data.get("number") and data.get("issued_on"):
            return document_filename(
                f"{data['number']}-{data['issued_on'][:4]}", label, dossier.unit.name
            )
        return document_filename(label, dossier.unit.name, str(dossier.pk))

    return name


def _load_dossier(object_id: str):
    from .models import Dossier

    return Dossier.objects.select_related(
        "unit__parent", "unit__head", "campaign__authority", "campaign__appraising_unit"
    ).get(pk=int(object_id))


def _can_view_dossier(user, dossier) -> bool:
    from .selectors import dossiers_visible_to

    return dossiers_visible_to(user).filter(pk=dossier.pk).exists()


UNIT_LETTER_KIND = DocumentKind(
    code="unit_letter",
    label="Tờ trình đề nghị khen thưởng của đơn vị (ID: mã hồ sơ)",
    template_name="pdf/unit_letter.html",
    template_version=UNIT_LETTER_VERSION,
    load=_load_dossier,
    build_data=unit_letter_data,
    filename=_letter_filename("unit_letter"),
    can_view=_can_view_dossier,
    authority_of=lambda dossier: dossier.campaign.authority,
)
UNIT_LIST_KIND = DocumentKind(
    code="unit_list",
    label="Danh sách tập thể, cá nhân đề nghị khen thưởng của đơn vị (ID: mã hồ sơ)",
    template_name="pdf/unit_list.html",
    template_version=UNIT_LETTER_VERSION,
    load=_load_dossier,
    build_data=unit_letter_data,
    filename=_letter_filename("unit_list"),
    can_view=_can_view_dossier,
    authority_of=lambda dossier: dossier.campaign.authority,
)


def dossier_file_name(dossier, which: str, stored_name: str) -> str:
    """'01-2026_To-trinh_UBND-xa-Ba-Cung.pdf' for the signed Tờ trình a clerk uploaded (the
    stored name is a hash); 'Bien-ban_UBND-xa-Ba-Cung_7.pdf' for the minutes."""
    ext = PurePath(stored_name or "").suffix.lstrip(".").lower() or "pdf"
    label = "To trinh" if which == "to-trinh" else "Bien ban"
    number, _symbol = _letter_reference(dossier)
    if number and dossier.letter_date:
        return document_filename(
            f"{number}-{dossier.letter_date.year}", label, dossier.unit.name, ext=ext
        )
    return document_filename(label, dossier.unit.name, str(dossier.pk), ext=ext)


def report_file_name(nominee, stored_name: str) -> str:
    ext = PurePath(stored_name or "").suffix.lstrip(".").lower() or "pdf"
    return document_filename("Bao cao thanh tich", nominee.full_name, ext=ext)
