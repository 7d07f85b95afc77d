"""Official documents of the appraisal, printed through the shared engine (documents/):

- "appraisal_report" (ID = campaign id): Phòng Nội vụ's báo cáo thẩm định to the council.
"""

from __future__ import annotations

from typing import Any

from campaigns.documents import movement_phrase, plan_basis
from campaigns.enums import RecipientKind
from campaigns.models import Campaign
from documents.blocks import local_name, unit_code
from documents.filenames import document_filename
from documents.kinds import DocumentKind
from nominations.enums import FORWARDED_STATUSES, DossierStatus
from nominations.models import Dossier, Nominee
from organizations.models import Unit
from organizations.vietnamese import fold, name_sort_key

from .enums import Verdict
from .models import Appraisal, AppraisalReport
from .selectors import council_agenda

APPRAISAL_REPORT_VERSION = "appraisal-report-2"


def _position_and_unit(nominee: Nominee) -> str:
    if nominee.kind == RecipientKind.COLLECTIVE:
        return nominee.parent_unit_name or nominee.dossier.unit.name
    parts = [p for p in (nominee.position, nominee.workplace) if p]
    return ", ".join(parts) or nominee.dossier.unit.name


def office_signature(office: Unit | None) -> dict[str, str]:
    """How the head of the appraising office signs: "TRƯỞNG PHÒNG" and his name (the office's
    head_title, capacity and head, organizations.Unit)."""
    title = (office.head_title if office else "").strip() or "Trưởng phòng"
    return {
        "capacity": (office.head_capacity if office else "").strip().upper(),
        "title": title.upper(),
        "name": office.head_display_name if office else "",
    }


def appraisal_report_data(campaign: Campaign) -> dict[str, Any]:
    """The report as issued (frozen: number, date, signer) once the head of the office issued
    it, else the draft of the current appraisal (draft_report_data). One query when issued."""
    report = AppraisalReport.objects.filter(campaign_id=campaign.pk).only("data").first()
    return report.data if report is not None else draft_report_data(campaign)


def issued_report_data(campaign: Campaign) -> dict[str, Any] | None:
    report = AppraisalReport.objects.filter(campaign_id=campaign.pk).only("data").first()
    return report.data if report is not None else None


def draft_report_data(campaign: Campaign) -> dict[str, Any]:
    """What the appraisal report shows: eligible nominees of forwarded dossiers grouped by unit
    then award form, nominees found not eligible and rejected dossiers with the reasons, totals.
    No number and no date until it is issued (issue_appraisal_report), so the draft's rendering
    changes only with its content, not with the day it is downloaded.

    A constant number of queries whatever the number of nominees.
    """
    authority = campaign.authority
    office = campaign.appraising_unit
    office_name = office.name if office else "Phòng Nội vụ"

    groups: list[dict[str, Any]] = []
    eligible = council_agenda(campaign)
    changes = _award_changes(campaign)
    collectives = 0
    by_form: dict[str, int] = {}
    for number, nominee in enumerate(eligible, start=1):
        unit = nominee.dossier.unit.name
        form = nominee.award_offer.award_form.name
        if not groups or groups[-1]["unit"] != unit:
            groups.append({"unit": unit, "forms": []})
        forms = groups[-1]["forms"]
        if not forms or forms[-1]["form"] != form:
            forms.append({"form": form, "people": []})
        forms[-1]["people"].append(
            {
                "no": number,
                "name": nominee.full_name,
                "kind": nominee.kind,
                "position": _position_and_unit(nominee),
                "summary": nominee.achievement_summary,
                "change": changes.get(nominee.pk),
            }
        )
        collectives += nominee.kind == RecipientKind.COLLECTIVE
        by_form[form] = by_form.get(form, 0) + 1

    not_eligible = sorted(
        Appraisal.objects.filter(
            dossier__campaign=campaign,
            dossier__status__in=FORWARDED_STATUSES,
            is_current=True,
            verdict=Verdict.NOT_ELIGIBLE,
        ).select_related("nominee__award_offer__award_form", "dossier__unit"),
        key=lambda a: (fold(a.dossier.unit.name), name_sort_key(a.nominee.full_name)),
    )
    rejected = list(
        Dossier.objects.filter(campaign=campaign, status=DossierStatus.REJECTED)
        .select_related("unit")
        .order_by("unit__name", "pk")
    )
    forwarded = _forwarded_counts(campaign)

    council = f"Hội đồng Thi đua - Khen thưởng {local_name(authority)}"
    return {
        "kind": "appraisal_report",
        "authority": {
            "name": office_name,
            "parent_header": authority.short_name.upper(),
            "header_lines": [office_name.upper()],
            "code": authority.document_code,
        },
        "number": None,
        "symbol": f"BC-{unit_code(office, authority)}",
        "place": authority.place_name,
        "issued_on": None,
        "type_name": "BÁO CÁO",
        "title": f"Kết quả thẩm định hồ sơ đề nghị khen thưởng trong {movement_phrase(campaign)}",
        "basis": plan_basis(campaign),
        "addressee": council,
        "office": office_name,
        "groups": groups,
        "not_eligible": [
            {
                "name": a.nominee.full_name,
                "unit": a.dossier.unit.name,
                "form": a.nominee.award_offer.award_form.name,
                "reason": a.reason,
            }
            for a in not_eligible
        ],
        "rejected": [
            {
                "unit": d.unit.name,
                "letter": d.letter_number,
                "letter_date": d.letter_date.isoformat() if d.letter_date else None,
                "reason": d.rejection_reason,
            }
            for d in rejected
        ],
        "totals": {
            "dossiers_forwarded": forwarded["dossiers"],
            "units_forwarded": forwarded["units"],
            "dossiers_rejected": len(rejected),
            "eligible": len(eligible),
            "eligible_collectives": collectives,
            "eligible_individuals": len(eligible) - collectives,
            "eligible_by_form": [{"form": f, "count": c} for f, c in by_form.items()],
            "not_eligible": len(not_eligible),
        },
        "recipients": [
            "Như trên;",
            f"Chủ tịch, các Phó Chủ tịch {authority.short_name};",
            f"Lưu: VT, {unit_code(office, authority)}.",
        ],
        "signature": office_signature(office),
        "draft": True,
    }


def _award_changes(campaign: Campaign) -> dict[int, dict[str, str]]:
    """The award form each unit proposed where the appraisal changed it, with the reason, by
    nominee (the current verdicts of the campaign; one query)."""
    rows = Appraisal.objects.filter(
        dossier__campaign=campaign, is_current=True, award_offer_after__isnull=False
    ).select_related("award_offer_before__award_form")
    return {
        a.nominee_id: {
            "proposed": a.award_offer_before.award_form.name,
            "reason": a.award_change_reason,
        }
        for a in rows
    }


def _forwarded_counts(campaign: Campaign) -> dict[str, int]:
    from django.db.models import Count

    return Dossier.objects.filter(campaign=campaign, status__in=FORWARDED_STATUSES).aggregate(
        dossiers=Count("pk"), units=Count("unit", distinct=True)
    )


def _load_campaign(object_id: str) -> Campaign:
    return Campaign.objects.select_related("authority", "appraising_unit").get(pk=int(object_id))


def _can_view_appraisal_report(user, campaign: Campaign) -> bool:
    """The appraisers and the office's head (the draft too); once issued, the council and the
    leaders of the campaign's authority (appraisal/rules.py); no unit clerk."""
    if user.has_perm("appraisal.view_report_draft", campaign):
        return True
    return user.has_perm("appraisal.view_report", campaign) and (
        AppraisalReport.objects.filter(campaign_id=campaign.pk).exists()
    )


def _filename(campaign: Campaign, data: dict[str, Any]) -> str:
    """'03-2026_BC-PNV_Bao-cao-tham-dinh.pdf' once issued, 'Du-thao_Bao-cao-tham-dinh_7.pdf'."""
    if data.get("number"):
        year = str(data.get("issued_on") or "")[:4]
        return document_filename(
            f"{data['number']:02d}-{year}", data.get("symbol", ""), "Bao cao tham dinh"
        )
    return document_filename("Du thao", "Bao cao tham dinh", str(campaign.pk))


APPRAISAL_REPORT_KIND = DocumentKind(
    code="appraisal_report",
    label="Báo cáo kết quả thẩm định hồ sơ đề nghị khen thưởng (ID: mã kế hoạch)",
    template_name="pdf/appraisal_report.html",
    template_version=APPRAISAL_REPORT_VERSION,
    load=_load_campaign,
    build_data=appraisal_report_data,
    filename=_filename,
    can_view=_can_view_appraisal_report,
    issued_data=issued_report_data,
)
