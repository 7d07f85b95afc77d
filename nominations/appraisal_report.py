"""The appraisal report (báo cáo thẩm định) of a campaign, as a PDF.

build_context(campaign) gathers the data; render_html/render_pdf lay it out. The two are apart so
the document engine can register this as KIND "appraisal_report" (render_document appraisal_report
CAMPAIGN_ID) and take over numbering, storage and signing.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from campaigns.models import Campaign
from organizations.vietnamese import fold, name_sort_key

from .appraisal_selectors import council_agenda
from .enums import DossierStatus
from .enums import NomineeStatus as NS
from .models import Dossier, Nominee

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "print" / "appraisal_report.css"


def build_context(campaign: Campaign) -> dict[str, Any]:
    """Eligible nominees (forwarded dossiers) grouped by unit then award form; nominees found
    not eligible and rejected dossiers, with the reasons; and the totals."""
    eligible = council_agenda(campaign)
    groups: OrderedDict[str, OrderedDict[str, list[Nominee]]] = OrderedDict()
    for number, nominee in enumerate(eligible, start=1):
        nominee.row_number = number
        unit = nominee.dossier.unit.name
        form = nominee.award_offer.award_form.name
        groups.setdefault(unit, OrderedDict()).setdefault(form, []).append(nominee)
    not_eligible = sorted(
        Nominee.objects.filter(
            dossier__campaign=campaign,
            dossier__status=DossierStatus.FORWARDED,
            status=NS.NOT_ELIGIBLE,
        ).select_related("dossier__unit", "award_offer__award_form"),
        key=lambda n: (fold(n.dossier.unit.name), name_sort_key(n.full_name)),
    )
    rejected = list(
        Dossier.objects.filter(campaign=campaign, status=DossierStatus.REJECTED)
        .select_related("unit")
        .order_by("unit__name")
    )
    if rejected:
        from audit.models import AuditEntry

        reasons = {
            e.target_id: e.comment
            for e in AuditEntry.objects.filter(
                action="dossier.reject", target_id__in=[str(d.pk) for d in rejected]
            ).order_by("created_at")
        }
        for dossier in rejected:
            dossier.reject_reason = reasons.get(str(dossier.pk), "")
    forwarded = Dossier.objects.filter(campaign=campaign, status=DossierStatus.FORWARDED).count()
    authority = campaign.authority
    return {
        "campaign": campaign,
        "authority": authority,
        "header_lines": authority.header_name.splitlines(),
        "groups": [
            (unit, [(form, people) for form, people in forms.items()])
            for unit, forms in groups.items()
        ],
        "eligible_count": len(eligible),
        "not_eligible": not_eligible,
        "rejected": rejected,
        "forwarded_count": forwarded,
        "today": timezone.localdate(),
    }


def render_html(context: dict[str, Any]) -> str:
    return render_to_string("pdf/appraisal_report.html", context)


def render_pdf(campaign: Campaign) -> bytes:
    from weasyprint import CSS, HTML

    html = render_html(build_context(campaign))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))]
    )
