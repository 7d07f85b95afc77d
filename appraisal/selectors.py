"""Reads for Phòng Nội vụ's desk, always scoped through dossiers_visible_to(user)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from campaigns.enums import RecipientKind
from campaigns.models import Campaign
from nominations.enums import APPRAISAL_STATUSES, FORWARDED_STATUSES, DossierStatus
from nominations.enums import NomineeStatus as NS
from nominations.models import Dossier, DossierSnapshot, Nominee
from nominations.outcomes import Outcome
from nominations.selectors import dossiers_visible_to
from nominations.snapshots import Change, diff_snapshots
from organizations.models import Unit, User
from organizations.selectors import units_visible_to
from organizations.vietnamese import fold, name_sort_key
from workdays.services import add_working_days

from .enums import Verdict
from .models import Appraisal

SORTS = {
    "submitted": ("submitted_at", "pk"),
    "-submitted": ("-submitted_at", "-pk"),
    "due": ("due_date", "submitted_at", "pk"),
    "-due": ("-due_date", "-submitted_at", "-pk"),
}
# Nominee outcomes that count as an award received (or about to be) for history and duplicates.
AWARDED_STATUSES = frozenset({NS.RECOMMENDED, NS.AWARDED})


@dataclass(frozen=True)
class DueWindow:
    today: date
    warn_until: date

    def state(self, dossier: Dossier) -> str:
        """ "overdue", "soon" or "" for a dossier whose clock is running."""
        if dossier.status not in APPRAISAL_STATUSES or dossier.due_date is None:
            return ""
        if dossier.due_date < self.today:
            return "overdue"
        if dossier.due_date <= self.warn_until:
            return "soon"
        return ""


def due_window(user: User, today: date | None = None) -> DueWindow:
    today = today or timezone.localdate()
    authority = user.authority
    days = authority.warning_working_days if authority else 3
    return DueWindow(today, add_working_days(today, days, authority))


def appraisal_inbox(
    user: User,
    *,
    campaign: Campaign | None = None,
    unit=None,
    unit_kind=None,
    award_form=None,
    due: str = "",
    q: str = "",
    sort: str = "submitted",
    window: DueWindow | None = None,
) -> QuerySet[Dossier]:
    """The authority's dossiers for the appraisal inbox, filtered (all but status: the counts per
    status are taken on this queryset, see inbox_status_counts) and sorted."""
    qs = dossiers_visible_to(user).filter(campaign__authority_id=user.authority_id)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if unit_kind is not None:
        qs = qs.filter(unit__kind=unit_kind)
    if award_form is not None:
        qs = qs.filter(
            Exists(
                Nominee.objects.filter(dossier=OuterRef("pk"), award_offer__award_form=award_form)
            )
        )
    if due:
        window = window or due_window(user)
        running = qs.filter(status__in=APPRAISAL_STATUSES, due_date__isnull=False)
        if due == "overdue":
            qs = running.filter(due_date__lt=window.today)
        elif due == "soon":
            qs = running.filter(due_date__lte=window.warn_until)
    q = (q or "").strip()
    if q:
        key = fold(q)
        # Units are few: fold their names in Python so the unit search ignores accents too.
        unit_ids = [
            u.pk
            for u in units_visible_to(user).select_related(None).only("pk", "name", "short_name")
            if key in fold(u.name) or key in fold(u.short_name)
        ]
        qs = qs.filter(
            Q(Exists(Nominee.objects.filter(dossier=OuterRef("pk"), name_key__contains=key)))
            | Q(unit_id__in=unit_ids)
            | Q(incoming_number__icontains=q)
            | Q(letter_number__icontains=q)
        )
    nominee_count = (
        Nominee.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = qs.annotate(
        nominee_count=Coalesce(Subquery(nominee_count, output_field=IntegerField()), 0)
    )
    return qs.order_by(*SORTS.get(sort, SORTS["submitted"]))


def matching_units(
    user: User, typed: str, *, limit: int = 20, campaign: Campaign | None = None
) -> list[Unit]:
    """Units of the user's authority whose name (or short name) contains what was typed,
    accents and case ignored: a unit named exactly so first, then those with dossiers; at most
    `limit` (the inbox's unit suggestions)."""
    key = fold(typed or "").strip()
    if not key:
        return []
    with_dossiers = Dossier.objects.exclude(status=DossierStatus.DRAFT)
    if campaign is not None:
        with_dossiers = with_dossiers.filter(campaign=campaign)
    rows = (
        Unit.objects.filter(authority_id=user.authority_id)
        .annotate(has_dossiers=Exists(with_dossiers.filter(unit_id=OuterRef("pk"))))
        .order_by("-has_dossiers", "name", "pk")
        .only("pk", "name", "short_name")
    )
    exact, found = [], []
    for unit in rows.iterator(chunk_size=500):
        names = (fold(unit.name), fold(unit.short_name))
        if key in names:
            exact.append(unit)
        elif key in names[0] or key in names[1]:
            found.append(unit)
    return (exact + found)[:limit]


def inbox_status_counts(qs: QuerySet[Dossier]) -> dict[str, int]:
    rows = qs.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    return dict(rows)


def eligible_nominees(campaign: Campaign) -> QuerySet[Nominee]:
    """Nominees the appraisal found eligible (their current verdict) in the campaign's dossiers
    sent on to the council, whatever the later stages decided since."""
    return Nominee.objects.filter(
        dossier__campaign=campaign,
        dossier__status__in=FORWARDED_STATUSES,
        appraisals__is_current=True,
        appraisals__verdict=Verdict.ELIGIBLE,
    )


def council_agenda(campaign: Campaign) -> list[Nominee]:
    """The eligible nominees of the campaign's forwarded dossiers: what the council will consider,
    by unit, then award form, then name in Vietnamese order."""
    nominees = eligible_nominees(campaign).select_related(
        "dossier__unit", "award_offer__award_form", "ethnicity"
    )
    return sorted(
        nominees,
        key=lambda n: (
            fold(n.dossier.unit.name),
            n.award_offer.award_form.order,
            n.award_offer.award_form.name,
            name_sort_key(n.full_name),
        ),
    )


@dataclass
class NomineeContext:
    """What the appraisal page shows beside one nominee besides its own data."""

    history: list[Nominee] = field(default_factory=list)
    duplicates: list[tuple[str, Nominee]] = field(default_factory=list)


def _same_person(a: Nominee, b: Nominee) -> bool:
    if a.name_key != b.name_key or a.kind != b.kind:
        return False
    if a.kind == RecipientKind.INDIVIDUAL:
        return a.birth_date is not None and a.birth_date == b.birth_date
    return True


def nominee_contexts(dossier: Dossier, nominees: list[Nominee]) -> dict[int, NomineeContext]:
    """Award history in thidua and likely duplicates for each nominee of a dossier.

    Same person = same folded name, kind and birth date (collectives: same folded name and
    kind). A duplicate is the same person in another dossier of the same campaign (another
    unit, or twice), twice in this dossier, or already recommended/awarded in this campaign;
    history is the person's recommended/awarded nominations in other campaigns.

    The matching is done by the database: only the rows of the same people come back (not every
    namesake of the authority), whatever the number of nominees with a common name (two queries).
    """
    result = {n.pk: NomineeContext() for n in nominees}
    same_person = Q()
    for n in nominees:
        if not n.name_key:
            continue
        if n.kind == RecipientKind.INDIVIDUAL:
            if n.birth_date is None:
                continue
            same_person |= Q(name_key=n.name_key, kind=n.kind, birth_date=n.birth_date)
        else:
            same_person |= Q(name_key=n.name_key, kind=n.kind)
    if not same_person:
        return result
    # First the same people on the nominee table alone (index on folded name and birth date),
    # then those few rows with their dossiers, sorted out here: filtering the joined query by
    # campaign or authority lets the planner walk every dossier of the campaign instead.
    ids = list(Nominee.objects.filter(same_person).values_list("pk", flat=True)[:1000])
    hidden = {DossierStatus.DRAFT, DossierStatus.WITHDRAWN}
    others = [
        other
        for other in Nominee.objects.filter(pk__in=ids)
        .select_related("dossier__campaign", "dossier__unit", "award_offer__award_form")
        .order_by("-dossier__submitted_at", "pk")
        if other.dossier.campaign.authority_id == dossier.campaign.authority_id
        and other.dossier.status not in hidden
        and (other.dossier.campaign_id == dossier.campaign_id or other.status in AWARDED_STATUSES)
    ]
    for nominee in nominees:
        ctx = result[nominee.pk]
        for other in others:
            if other.pk == nominee.pk or not _same_person(nominee, other):
                continue
            same_campaign = other.dossier.campaign_id == dossier.campaign_id
            if same_campaign and other.status in AWARDED_STATUSES:
                ctx.duplicates.append(("awarded", other))
            elif same_campaign and other.dossier_id == dossier.pk:
                ctx.duplicates.append(("same_dossier", other))
            elif same_campaign and other.dossier.status != DossierStatus.REJECTED:
                kind = "other_unit" if other.dossier.unit_id != dossier.unit_id else "twice"
                ctx.duplicates.append((kind, other))
            elif not same_campaign and other.status in AWARDED_STATUSES:
                ctx.history.append(other)
    return result


@dataclass(frozen=True)
class ShownChange:
    change: Change
    field_label: str
    # A file field's change is shown as a link to the file now held, never its storage path.
    file_url: str = ""

    @property
    def is_file(self) -> bool:
        return self.change.field in FILE_FIELDS


FILE_FIELDS = {"letter_file": "to-trinh", "minutes_file": "bien-ban", "report_file": ""}


def _file_url(dossier: Dossier, change: Change) -> str:
    from django.urls import reverse

    if change.field not in FILE_FIELDS or not change.after:
        return ""
    if change.scope == "dossier":
        return reverse("appraisal:dossier_file", args=[dossier.pk, FILE_FIELDS[change.field]])
    return reverse("appraisal:report_file", args=[int(change.key)])


def _field_label(change: Change) -> str:
    model = {"dossier": Dossier, "nominee": Nominee}.get(change.scope)
    if model is None or not change.field:
        return ""
    name = change.field.removesuffix("_id")
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field a later version no longer has
        return change.field


def changes_since_return(dossier: Dossier) -> list[ShownChange] | None:
    """What changed between the last two submissions, field by field and file by file, with
    the fields' Vietnamese labels (None when the dossier was sent only once)."""
    last_two = list(DossierSnapshot.objects.filter(dossier=dossier).order_by("-number")[:2])
    if len(last_two) < 2:
        return None
    new, old = last_two
    return [
        ShownChange(c, _field_label(c), _file_url(dossier, c))
        for c in diff_snapshots(old.data, new.data)
    ]


def dossier_timeline(
    dossier: Dossier, nominee_ids: list[int] | None = None
) -> QuerySet[AuditEntry]:
    """Every audit entry of the dossier and of its nominees, oldest first (read-only)."""
    if nominee_ids is None:
        nominee_ids = list(Nominee.objects.filter(dossier=dossier).values_list("pk", flat=True))
    dossier_ct = ContentType.objects.get_for_model(Dossier)
    nominee_ct = ContentType.objects.get_for_model(Nominee)
    return (
        AuditEntry.objects.filter(
            Q(target_type=dossier_ct, target_id=str(dossier.pk))
            | Q(target_type=nominee_ct, target_id__in=[str(i) for i in nominee_ids])
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )


def appraisal_outcomes(nominees: Sequence[Nominee]) -> dict[int, Outcome]:
    """The current verdict of each nominee, for the clerk's pages (one query)."""
    tones = {
        Verdict.ELIGIBLE: "success",
        Verdict.NOT_ELIGIBLE: "danger",
        Verdict.NEEDS_CORRECTION: "warning",
    }
    rows = Appraisal.objects.filter(
        nominee_id__in=[n.pk for n in nominees], is_current=True
    ).select_related("award_offer_before__award_form", "award_offer_after__award_form")
    result: dict[int, Outcome] = {}
    for a in rows:
        # An "eligible" verdict carries no reason (older rows may hold a stale one).
        note = "" if a.verdict == Verdict.ELIGIBLE else a.reason
        if a.award_offer_after_id:
            change = _("Đổi hình thức từ “%(before)s” sang “%(after)s”: %(reason)s") % {
                "before": a.award_offer_before.award_form.name,
                "after": a.award_offer_after.award_form.name,
                "reason": a.award_change_reason,
            }
            note = f"{note}\n{change}" if note else change
        result[a.nominee_id] = Outcome(
            stage=str(_("Thẩm định")),
            result=str(Verdict(a.verdict).label),
            note=note,
            tone=tones.get(a.verdict, ""),
        )
    return result


def appraisal_reports_for(user) -> list[dict[str, Any]]:
    """The campaigns whose appraisal report the person may read, newest first: issued reports
    for the council and the leaders; the drafts too for the office's head and the appraisers.
    Two queries."""
    from campaigns.models import Campaign

    from .models import AppraisalReport

    if not user.is_authenticated or user.authority_id is None:
        return []
    campaigns = list(
        Campaign.objects.filter(authority_id=user.authority_id, published_at__isnull=False)
        .select_related("authority", "appraising_unit")
        .order_by("-published_at")[:20]
    )
    reports = {
        r.campaign_id: r
        for r in AppraisalReport.objects.filter(
            campaign_id__in=[c.pk for c in campaigns]
        ).select_related("entry")
    }
    rows = []
    for campaign in campaigns:
        report = reports.get(campaign.pk)
        if report is not None and user.has_perm("appraisal.view_report", campaign):
            rows.append({"campaign": campaign, "report": report})
        elif report is None and user.has_perm("appraisal.view_report_draft", campaign):
            rows.append({"campaign": campaign, "report": None})
    return rows
