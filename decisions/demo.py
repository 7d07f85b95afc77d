"""Demo data of the decision stage: the prize coefficients of the seed authority's award forms,
a self-signed demo certificate for its Chairman, and a decision drafted from the council demo's
closed session, sent for signature, approved and signed (so a newcomer sees the signer's page,
the decision's PDF with its signature and the awardees' certificate data filled)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from campaigns.enums import RecipientKind
from campaigns.models import AwardForm, Campaign
from organizations.models import Authority, User

# Coefficients × base salary (NĐ 152/2025 Điều 49–54; Giấy khen of an individual: 0.3 [unsure],
# of a collective 0.6, of a household 1.5 × the individual's).
COEFFICIENTS = {
    RecipientKind.INDIVIDUAL: Decimal("0.3"),
    RecipientKind.COLLECTIVE: Decimal("0.6"),
    RecipientKind.HOUSEHOLD: Decimal("0.45"),
}


def ensure_prize_coefficients(authority: Authority, since: dt.date = dt.date(2024, 1, 1)) -> int:
    from .models import PrizeCoefficient

    made = 0
    for form in AwardForm.objects.filter(authority=authority, is_upward_proposal=False):
        for kind, value in COEFFICIENTS.items():
            _row, created = PrizeCoefficient.objects.get_or_create(
                award_form=form,
                recipient_kind=kind,
                effective_from=since,
                defaults={"coefficient": value, "legal_basis": "Nghị định 152/2025/NĐ-CP"},
            )
            made += created
    return made


def _demo_certificate(signer: User) -> None:
    from django.conf import settings

    from . import signing

    folder = settings.SIGNING_CERTIFICATES_DIR
    if signing.has_certificate(signer):
        return
    from django.core.management import call_command

    folder.mkdir(parents=True, exist_ok=True)
    call_command("create_signing_certificate", signer.username, verbosity=0)


def load() -> list[str]:
    from council.selectors import closed_sessions
    from documents.services import approve_signoff, pending_signoff
    from organizations.demo import AUTHORITY

    from .enums import DecisionStatus, Grouping
    from .models import Decision
    from .selectors import awardable_nominees
    from .services import draft_decisions, sign_decisions, submit_decision

    authority = Authority.objects.filter(name=AUTHORITY["name"]).first()
    if authority is None:
        return ["Quyết định demo: chưa có cơ quan demo, bỏ qua."]
    campaign = Campaign.objects.filter(authority=authority).order_by("pk").first()
    if campaign is None or not closed_sessions(campaign).exists():
        return ["Quyết định demo: chưa có phiên họp Hội đồng đã kết thúc, bỏ qua."]
    ensure_prize_coefficients(authority)
    signed = Decision.objects.filter(authority=authority, status=DecisionStatus.SIGNED).first()
    if signed is not None:
        return [f"Quyết định demo: {signed.reference} đã ký (giữ nguyên)."]
    chairman = authority.chairman
    appraiser = User.objects.filter(username="thamdinh").first()
    if chairman is None or appraiser is None or not awardable_nominees(campaign):
        return ["Quyết định demo: thiếu Chủ tịch, cán bộ thẩm định hoặc người được đề nghị."]
    _demo_certificate(chairman)
    with transaction.atomic():
        decisions, _warnings = draft_decisions(
            actor=appraiser, campaign=campaign, signer=chairman, grouping=Grouping.SINGLE
        )
        for decision in decisions:
            submit_decision(actor=appraiser, decision=decision)
            # The Chairman approves on his signing page; the worker's sign-off runs here at once
            # (the queued task finds it signed and leaves it).
            approve_signoff(
                actor=chairman, signoff=pending_signoff(kind="decision", object_id=decision.pk)
            )
        # Signed on the day of the council's proposal (or today): never before it.
        session = decisions[0].session
        day = (session.issued_on if session else None) or timezone.localdate()
        sign_decisions(actor=chairman, decisions=decisions, day=day)
    lines = []
    for decision in decisions:
        decision.refresh_from_db()
        lines.append(
            f"Quyết định demo: {decision.reference} ngày {decision.signed_on:%d/%m/%Y}, "
            f"{decision.lines.count()} tập thể, cá nhân, đã ký số (đăng nhập chutich: /ky-duyet/)."
        )
    return lines
