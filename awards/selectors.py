"""Reads of the stage after the signature, scoped to the person asking (or to the public)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from decisions.enums import ISSUED_STATUSES, DecisionPurpose, DecisionStatus
from decisions.models import Decision, DecisionLine
from decisions.selectors import decisions_visible_to
from nominations.models import Nominee
from nominations.outcomes import Outcome
from organizations.models import Authority, User
from organizations.vietnamese import fold

from .enums import CertificateMode
from .models import Certificate, CertificateBatch, CertificateChunk, CertificateSettings

# What a public page shows: published, signed decisions (an amended one still stands).
PUBLIC_STATUSES = (DecisionStatus.SIGNED, DecisionStatus.AMENDED)


def print_settings(authority: Authority) -> CertificateSettings:
    """The authority's print settings, or the default (full certificates, no offsets)."""
    found = CertificateSettings.objects.filter(authority=authority).first()
    return found or CertificateSettings(authority=authority, mode=CertificateMode.FULL)


def _revoked() -> Exists:
    """A line revoked by an issued revoking decision."""
    return Exists(
        DecisionLine.objects.filter(
            revokes=OuterRef("pk"), decision__status__in=sorted(ISSUED_STATUSES)
        )
    )


def certificate_lines(decision: Decision) -> list[DecisionLine]:
    """The awardees of a signed award decision who get a certificate: its award lines, in the
    list's order (the số sổ vàng), less those a signed decision revoked."""
    return list(
        decision.lines.filter(purpose=DecisionPurpose.AWARD)
        .exclude(_revoked())
        .select_related("nominee__dossier")
        .order_by("order", "pk")
    )


def certificate_decisions(user: User) -> QuerySet[Decision]:
    """Signed award decisions of the person's authority (Phòng Nội vụ, the signers)."""
    return (
        decisions_visible_to(user)
        .filter(purpose=DecisionPurpose.AWARD, status__in=sorted(ISSUED_STATUSES))
        .select_related("publication")
        .order_by("-signed_on", "-pk")
    )


def latest_batch(decision: Decision) -> CertificateBatch | None:
    return CertificateBatch.objects.filter(decision=decision).order_by("-created_at", "-pk").first()


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    assembled: bool

    @property
    def percent(self) -> int:
        if self.assembled:
            return 100
        # The last step (the print-ready PDF) counts as one more chunk.
        return int(100 * self.done / (self.total + 1)) if self.total else 0


def batch_progress(batch: CertificateBatch) -> Progress:
    done = CertificateChunk.objects.filter(batch=batch, done_at__isnull=False).count()
    return Progress(done=done, total=batch.total_chunks, assembled=batch.assembled_at is not None)


def unit_certificates(user: User) -> QuerySet[Certificate]:
    """The clerk's own unit's certificates, of each decision's newest finished batch."""
    if not user.is_authenticated or user.unit_id is None:
        return Certificate.objects.none()
    newest = (
        CertificateBatch.objects.filter(decision=OuterRef("batch__decision"))
        .exclude(assembled_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )
    return (
        Certificate.objects.filter(unit_id=user.unit_id, batch__assembled_at__isnull=False)
        .filter(batch_id=newest)
        .select_related("batch__decision__authority", "line__award_form")
        .order_by("-batch__decision__signed_on", "line__order", "pk")
    )


def unit_certificate(user: User, pk: int) -> Certificate | None:
    """One certificate the clerk may download: of his unit (else None: the page answers 404)."""
    return unit_certificates(user).filter(pk=pk).first()


def public_awardees(authority: Authority, query: str = "") -> QuerySet[DecisionLine]:
    """Awardees of the authority's published, signed decisions, with their public fields only
    (name, unit, award form, decision number and date); revoked awards left out. A search
    ignores accents (and đ ~ d) through the nominees' folded names."""
    qs = (
        DecisionLine.objects.filter(
            purpose=DecisionPurpose.AWARD,
            decision__authority=authority,
            decision__status__in=PUBLIC_STATUSES,
            decision__publication__isnull=False,
        )
        .exclude(_revoked())
        .select_related("decision__authority", "award_form")
        .order_by("-decision__signed_on", "decision_id", "order", "pk")
    )
    key = fold(query.strip())
    if key:
        qs = qs.filter(nominee__name_key__contains=key)
    return qs


@dataclass(frozen=True)
class RevocationNote:
    reference: str
    signed_on: object
    count: int
    original: str


def revocation_notes(authority: Authority) -> list[RevocationNote]:
    """Revoking decisions of published decisions: how many awards left the public list, and
    by which decision (no names)."""
    revoking = (
        Decision.objects.annotate(revoked_count=Count("lines"))
        .filter(
            authority=authority,
            purpose=DecisionPurpose.REVOKE,
            status__in=sorted(ISSUED_STATUSES),
            target__publication__isnull=False,
        )
        .select_related("authority", "target__authority")
        .order_by("-signed_on", "-pk")
    )
    notes = []
    for decision in revoking[:50]:
        notes.append(
            RevocationNote(
                reference=decision.reference,
                signed_on=decision.signed_on,
                count=decision.revoked_count,
                original=decision.target.reference,
            )
        )
    return notes


def certificate_outcomes(nominees: Sequence[Nominee]) -> Mapping[int, Outcome]:
    """For the clerk's pages: the final result once the Giấy khen is printed (the decision, the
    số sổ vàng, "đã in Giấy khen"); one query for the whole list."""
    found: dict[int, Outcome] = {}
    rows = (
        Certificate.objects.filter(
            line__nominee_id__in=[n.pk for n in nominees],
            batch__assembled_at__isnull=False,
        )
        .filter(~Q(line__decision__status=DecisionStatus.REVOKED))
        .exclude(line__in=DecisionLine.objects.filter(_revoked()))
        .select_related("line__decision__authority")
        .order_by("batch__created_at", "pk")
    )
    for certificate in rows:
        line = certificate.line
        decision = line.decision
        found[line.nominee_id] = Outcome(
            stage="Giấy khen",
            result="Đã in Giấy khen",
            note=(
                f"Đã in Giấy khen; Quyết định số {decision.reference} ngày "
                f"{decision.signed_on:%d/%m/%Y}, số sổ vàng {line.register_number}"
            ),
            tone="success",
        )
    return found
