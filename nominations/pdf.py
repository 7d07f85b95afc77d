"""The printable achievement report (Báo cáo thành tích) from what the clerk typed.

Kept to one small function and one template (templates/pdf/achievement_report.html) so that it
can move onto the shared documents engine later.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Nominee


def vietnamese_date_line(place: str, day=None) -> str:
    """“Ba Tơ, ngày 05 tháng 4 năm 2024”: day zero-padded, months 1 and 2 zero-padded."""
    day = day or timezone.localdate()
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def render_achievement_report(nominee: Nominee) -> bytes:
    """PDF bytes of the nominee's achievement report, following domain.md §5's form."""
    from weasyprint import HTML  # imported lazily: 0.4 s, only for this page

    dossier = nominee.dossier
    html = render_to_string(
        "pdf/achievement_report.html",
        {
            "nominee": nominee,
            "dossier": dossier,
            "campaign": dossier.campaign,
            "unit": dossier.unit,
            "authority": dossier.campaign.authority,
            "date_line": vietnamese_date_line(dossier.campaign.authority.place_name),
            "paragraphs": [p.strip() for p in nominee.report_text.splitlines() if p.strip()],
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
