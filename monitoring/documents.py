"""The campaign's closing report (Báo cáo tổng kết phong trào thi đua), printed through the
shared engine (documents/): kind "closing_report", ID = campaign id.

The dashboard's figures, the tables by unit and by ethnic group, the decisions issued. A draft
(DỰ THẢO, no number, no date) for the authority's leader to sign outside the app: its rendering
changes only with its figures. Built in a constant number of queries."""

from __future__ import annotations

from typing import Any

from campaigns.documents import movement_phrase, plan_basis
from campaigns.models import Campaign
from documents.filenames import document_filename
from documents.kinds import DocumentKind

from .selectors import Scope, dashboard_figures

CLOSING_REPORT_VERSION = "closing-report-1"


def _bars(bars) -> list[dict[str, Any]]:
    return [{"label": str(b.label), "value": b.value, "second": b.second} for b in bars]


def closing_report_data(campaign: Campaign) -> dict[str, Any]:
    authority = campaign.authority
    f = dashboard_figures(Scope(campaign))
    funnel = {
        b: bar.value
        for b, bar in zip(
            ("proposed", "eligible", "recommended", "awarded"), f.nominee_funnel, strict=True
        )
    }
    dossiers = {
        b: bar.value
        for b, bar in zip(
            ("sent", "received", "forwarded", "awarded"), f.dossier_funnel, strict=True
        )
    }
    return {
        "kind": "closing_report",
        "authority": {
            "name": authority.name,
            "parent_header": authority.parent_header_name,
            "header_lines": [ln.strip() for ln in authority.header_name.splitlines() if ln.strip()],
            "code": authority.document_code,
        },
        "number": None,
        "symbol": f"BC-{authority.document_code}",
        "place": authority.place_name,
        "issued_on": None,
        "type_name": "BÁO CÁO",
        "title": f"Tổng kết {movement_phrase(campaign)}",
        "basis": plan_basis(campaign),
        "dossiers": dossiers,
        "nominees": funnel,
        "honoured_individuals": f.honoured_individuals,
        "honoured_collectives": f.honoured_collectives,
        "honoured_minority": f.honoured_minority,
        "prize_total": f.prize_total,
        "by_unit": [
            {
                "unit": row["unit__name"],
                "dossiers": row["dossier_count"],
                "nominees": row["nominee_count"],
                "awarded": row["awarded_count"],
            }
            for row in f.by_unit
        ],
        "by_form": _bars(f.by_award_form),
        "by_ethnicity": _bars(f.honoured_by_ethnicity),
        "by_gender": _bars(f.honoured_by_gender),
        "by_age": _bars(f.honoured_by_age),
        "by_category": _bars(f.honoured_by_category),
        "decisions": [
            {
                "reference": d.reference,
                "signed_on": d.signed_on.isoformat() if d.signed_on else None,
                "title": d.title,
                "status": str(d.get_status_display()),
                "lines": d.line_count,
            }
            for d in f.decisions
        ],
        "recipients": [f"Thường trực {authority.short_name};", "Các cơ quan, đơn vị;", "Lưu: VT."],
        "signature": {"capacity": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": ""},
        "draft": True,
    }


def _load_campaign(object_id: str) -> Campaign:
    return Campaign.objects.select_related("authority").get(pk=int(object_id))


def _can_view(user, campaign: Campaign) -> bool:
    return user.has_perm("monitoring.view_campaign_figures", campaign)


def _filename(campaign: Campaign, data: dict[str, Any]) -> str:
    return document_filename("Du thao", "Bao cao tong ket", str(campaign.pk))


CLOSING_REPORT_KIND = DocumentKind(
    code="closing_report",
    label="Báo cáo tổng kết phong trào thi đua (ID: mã kế hoạch)",
    template_name="pdf/closing_report.html",
    template_version=CLOSING_REPORT_VERSION,
    load=_load_campaign,
    build_data=closing_report_data,
    filename=_filename,
    can_view=_can_view,
)
