"""Demo data after the signature: the demo's signed decision gets its Giấy khen (made in-process
without Redis, by the worker with it) and its awardees are published on the authority's public
page. Safe to run twice: a finished batch and a publication are kept as they are."""

from __future__ import annotations

from organizations.models import Authority, User


def load() -> list[str]:
    from decisions.enums import DecisionPurpose, DecisionStatus
    from decisions.models import Decision
    from organizations.demo import AUTHORITY

    from .selectors import latest_batch
    from .services import publish_decision, start_certificate_batch

    authority = Authority.objects.filter(name=AUTHORITY["name"]).first()
    appraiser = User.objects.filter(username="thamdinh").first()
    if authority is None or appraiser is None:
        return ["Giấy khen demo: chưa có cơ quan hoặc cán bộ thẩm định demo, bỏ qua."]
    decision = (
        Decision.objects.filter(
            authority=authority, purpose=DecisionPurpose.AWARD, status=DecisionStatus.SIGNED
        )
        .order_by("pk")
        .first()
    )
    if decision is None:
        return ["Giấy khen demo: chưa có quyết định đã ký, bỏ qua."]
    batch = latest_batch(decision)
    if batch is None or batch.error:
        batch = start_certificate_batch(actor=appraiser, decision=decision)
        batch.refresh_from_db()
    publish_decision(actor=appraiser, decision=decision)
    state = (
        f"{batch.total_certificates} Giấy khen đã in"
        if batch.is_done
        else f"{batch.total_certificates} Giấy khen đang in (worker)"
    )
    return [
        f"Giấy khen demo: Quyết định số {decision.reference}: {state} (thamdinh: /giay-khen/); "
        f"danh sách công khai: /cong-khai/{authority.pk}/.",
        _proposal(authority, appraiser, decision),
    ]


def _proposal(authority: Authority, appraiser: User, decision) -> str:
    """A draft Tờ trình to the province for the nominees the council recommended for a higher
    award, if the demo's council recommended any (kept as it is on a second load)."""
    from .models import HigherProposal
    from .proposals import draft_higher_proposal
    from .selectors import upward_nominees

    existing = HigherProposal.objects.filter(authority=authority).order_by("pk").first()
    if existing is not None:
        return f"Tờ trình demo: {existing.reference} ({existing.get_status_display()}, giữ nguyên)."
    if authority.chairman is None or not upward_nominees(decision.campaign):
        return "Tờ trình demo: Hội đồng chưa đề nghị cấp trên khen thưởng ai, bỏ qua."
    proposal = draft_higher_proposal(
        actor=appraiser,
        campaign=decision.campaign,
        signer=authority.chairman,
        addressee="Chủ tịch UBND tỉnh Quảng Ngãi",
    )
    return f"Tờ trình demo: dự thảo #{proposal.pk}, {proposal.lines.count()} tập thể, cá nhân."
