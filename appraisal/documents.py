"""Official documents of the appraisal, printed through the shared engine (documents/):

- "appraisal_report" (ID = campaign id): Phòng Nội vụ's báo cáo thẩm định to the council.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from campaigns.documents import movement_phrase, plan_basis
from campaigns.enums import RecipientKind
from campaigns.models import Campaign
from documents.blocks import local_name, unit_code
from documents.kinds import DocumentKind
from nominations.enums import FORWARDED_STATUSES, DossierStatus
from nominations.models import Dossier, Nominee
from organizations.selectors import is_authority_staff
from organizations.vietnamese import fold, name_sort_key

from .enums import Verdict
from .models import Appraisal
from .selectors import council_agenda

APPRAISAL_REPORT_VERSION = "appraisal-report-1"


def _position_and_unit(nominee: Nominee) -> str:
    if nominee.kind == RecipientKind.COLLECTIVE:
        return nominee.parent_unit_name or nominee.dossier.unit.name
    parts = [p for p in (nominee.position, nominee.workplace) if p]
    return ", ".join(parts) or nominee.dossier.unit.name


def appraisal_report_data(campaign: Campaign) -> dict[str, Any]:
    """What the appraisal report shows: eligible nominees of forwarded dossiers grouped by unit
    then award form, nominees found not eligible and rejected dossiers with the reasons, totals.

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
        "issued_on": timezone.localdate().isoformat(),
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
        "signature": {"capacity": "", "title": "TRƯỞNG PHÒNG", "name": ""},
        "draft": False,
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
    """Staff of the campaign's authority (appraisers, council, signers); no unit clerk."""
    return is_authority_staff(user) and user.authority_id == campaign.authority_id


APPRAISAL_REPORT_KIND = DocumentKind(
    code="appraisal_report",
    label="Báo cáo kết quả thẩm định hồ sơ đề nghị khen thưởng (ID: mã kế hoạch)",
    template_name="pdf/appraisal_report.html",
    template_version=APPRAISAL_REPORT_VERSION,
    load=_load_campaign,
    build_data=appraisal_report_data,
    filename=lambda campaign, data: f"bao-cao-tham-dinh-{campaign.pk}.pdf",
    can_view=_can_view_appraisal_report,
)
