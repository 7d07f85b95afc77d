"""What a dossier held when it was sent, and what changed between two sendings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from .models import Dossier, DossierSnapshot, Nominee

DOSSIER_FIELDS = (
    "letter_number",
    "letter_date",
    "letter_signer",
    "letter_file",
    "minutes_file",
    "minutes_not_required",
    "note",
)
NOMINEE_FIELDS = (
    "kind",
    "award_offer_id",
    "full_name",
    "gender",
    "birth_date",
    "ethnicity_id",
    "hometown",
    "position",
    "workplace",
    "staff_category",
    "citizen_id",
    "parent_unit_name",
    "member_count",
    "women_share",
    "achievement_summary",
    "report_text",
    "report_file",
)


def _value(obj: Any, field: str) -> Any:
    value = getattr(obj, field)
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def build_snapshot_data(dossier: Dossier) -> dict[str, Any]:
    nominees = Nominee.objects.filter(dossier=dossier).order_by("order", "pk")
    return {
        "dossier": {f: _value(dossier, f) for f in DOSSIER_FIELDS},
        "nominees": {str(n.pk): {f: _value(n, f) for f in NOMINEE_FIELDS} for n in nominees},
        "attachments": {
            str(a.pk): {
                "name": a.original_name,
                "sha256": a.sha256,
                "nominee": str(a.nominee_id or ""),
            }
            for a in dossier.attachments.all()
        },
    }


def take_snapshot(dossier: Dossier) -> DossierSnapshot:
    """Store the dossier's content as sent now (call inside the submit/resubmit transaction)."""
    last = dossier.snapshots.aggregate(n=Max("number"))["n"] or 0
    return DossierSnapshot.objects.create(
        dossier=dossier, number=last + 1, data=build_snapshot_data(dossier)
    )


@dataclass(frozen=True)
class Change:
    scope: str  # "dossier", "nominee" or "attachment"
    key: str  # nominee / attachment id, or "" for the dossier itself
    label: str  # who or what changed, for display
    field: str  # field name, or "" for added/removed
    kind: str  # "changed", "added" or "removed"
    before: Any = None
    after: Any = None


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Field-by-field and file-by-file differences between two snapshot datas."""
    changes: list[Change] = []
    for field in DOSSIER_FIELDS:
        a, b = old["dossier"].get(field), new["dossier"].get(field)
        if a != b:
            changes.append(Change("dossier", "", "", field, "changed", a, b))
    old_n, new_n = old["nominees"], new["nominees"]
    for key in sorted(set(old_n) | set(new_n), key=int):
        label = (new_n.get(key) or old_n.get(key))["full_name"]
        if key not in old_n:
            changes.append(Change("nominee", key, label, "", "added"))
        elif key not in new_n:
            changes.append(Change("nominee", key, label, "", "removed"))
        else:
            for field in NOMINEE_FIELDS:
                a, b = old_n[key].get(field), new_n[key].get(field)
                if a != b:
                    changes.append(Change("nominee", key, label, field, "changed", a, b))
    old_a, new_a = old["attachments"], new["attachments"]
    for key in sorted(set(old_a) | set(new_a), key=int):
        label = (new_a.get(key) or old_a.get(key))["name"]
        if key not in old_a:
            changes.append(Change("attachment", key, label, "", "added"))
        elif key not in new_a:
            changes.append(Change("attachment", key, label, "", "removed"))
        elif old_a[key]["sha256"] != new_a[key]["sha256"]:
            changes.append(Change("attachment", key, label, "sha256", "changed"))
    return changes
