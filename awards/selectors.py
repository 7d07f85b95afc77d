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


# --- The proposal to the higher level --------------------------------------------------------


@dataclass(frozen=True)
class Upward:
    nominee: Nominee
    award_form: object


def upward_nominees(campaign) -> list[Upward]:
    """The nominees the council recommended, in its closed sessions, for a higher level's award
    (an award form marked "đề nghị cấp trên"), not yet in a proposal."""
    from council.selectors import recommended_nominees

    from .models import HigherProposalLine

    taken = set(
        HigherProposalLine.objects.filter(nominee__dossier__campaign=campaign).values_list(
            "nominee_id", flat=True
        )
    )
    found: dict[int, Upward] = {}
    for item in recommended_nominees(campaign):
        result = getattr(item, "result", None)
        form = (result.award_form if result and result.award_form_id else None) or (
            item.award_offer.award_form
        )
        if not form.is_upward_proposal or item.nominee_id in taken or item.nominee_id in found:
            continue
        found[item.nominee_id] = Upward(nominee=item.nominee, award_form=form)
    # Then nominees recommended outside a session with an upward form proposed (as the
    # decisions' awardable_nominees does).
    from nominations.enums import NomineeStatus

    others = (
        Nominee.objects.filter(
            dossier__campaign=campaign,
            status=NomineeStatus.RECOMMENDED,
            award_offer__award_form__is_upward_proposal=True,
        )
        .exclude(pk__in=taken | set(found))
        .select_related("dossier__unit", "award_offer__award_form")
        .order_by("pk")
    )
    for nominee in others:
        found[nominee.pk] = Upward(nominee=nominee, award_form=nominee.award_offer.award_form)
    return list(found.values())


def proposals_visible_to(user: User):
    from organizations.rules import is_appraiser, is_signer

    from .models import HigherProposal

    qs = HigherProposal.objects.select_related("authority", "campaign", "signer")
    if not user.is_authenticated or user.authority_id is None:
        return qs.none()
    if is_appraiser(user) or is_signer(user):
        return qs.filter(authority_id=user.authority_id)
    return qs.none()


def higher_answers(nominees: Sequence[Nominee]) -> Mapping[int, Outcome]:
    """For the clerk's pages: the proposal upward and the higher level's answer."""
    from .enums import ProposalStatus
    from .models import HigherProposalLine

    found: dict[int, Outcome] = {}
    rows = HigherProposalLine.objects.filter(
        nominee_id__in=[n.pk for n in nominees], proposal__status=ProposalStatus.ISSUED
    ).select_related("proposal__authority", "award_form")
    for line in rows:
        if line.accepted is None:
            found[line.nominee_id] = Outcome(
                stage="Đề nghị cấp trên",
                result="Đã đề nghị cấp trên khen thưởng",
                note=f"Tờ trình số {line.proposal.reference}: {line.award_form.name}",
                tone="",
            )
        else:
            answer = f"Quyết định số {line.answer_number}" if line.answer_number else ""
            if line.answer_date:
                answer += f" ngày {line.answer_date:%d/%m/%Y}"
            found[line.nominee_id] = Outcome(
                stage="Đề nghị cấp trên",
                result="Cấp trên đã khen thưởng" if line.accepted else "Cấp trên không khen thưởng",
                note=f"{line.award_form.name}: {answer}".strip(": "),
                tone="success" if line.accepted else "danger",
            )
    return found
