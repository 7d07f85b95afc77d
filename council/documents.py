"""The council's documents, printed through the shared engine (documents/), all from the data
frozen at the session's close (CouncilSession.frozen), so that a later change of membership,
names or rules never changes what was issued:

- "minutes" (ID = session id): Biên bản họp Hội đồng Thi đua - Khen thưởng, …/BB-HĐTĐKT;
- "tally" (ID = session id): Biên bản kiểm phiếu of the secret-ballot items, …/BB-HĐTĐKT;
- "council_proposal" (ID = session id): the council's Tờ trình to the Chairman, …/TTr-HĐTĐKT.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone

from campaigns.documents import movement_phrase, plan_basis
from campaigns.enums import RecipientKind
from documents.blocks import lines, local_name
from documents.kinds import DocumentKind
from documents.vietnamese import short_date

from .enums import (
    MINUTES_SERIES,
    PROPOSAL_SERIES,
    RECOMMENDING,
    Attendance,
    Choice,
    Comparison,
    CouncilRole,
    Outcome,
    SessionStatus,
    VotingBase,
    VotingMethod,
)
from .models import CouncilSession

TEMPLATE_VERSION = "council-1"


def _position_and_unit(nominee) -> str:
    if nominee.kind == RecipientKind.COLLECTIVE:
        return nominee.parent_unit_name or nominee.dossier.unit.name
    parts = [p for p in (nominee.position, nominee.workplace) if p]
    return ", ".join(parts) or nominee.dossier.unit.name


def rule_text(rule) -> str:
    """'Bỏ phiếu kín; đạt từ 80% trở lên tổng số thành viên Hội đồng; ...'."""
    share = f"{rule.share_percent.normalize():f}".replace(".", ",")
    base = {
        VotingBase.ALL_MEMBERS: "tổng số thành viên Hội đồng",
        VotingBase.PRESENT: "số thành viên dự họp",
        VotingBase.PRESENT_LESS_RECUSED: "số thành viên dự họp (trừ thành viên không tham gia)",
    }[rule.base]
    if rule.method == VotingMethod.CONSENSUS:
        threshold = "các thành viên dự họp thống nhất"
    elif rule.comparison == Comparison.AT_LEAST:
        threshold = f"đạt từ {share}% trở lên {base}"
    else:
        threshold = f"đạt trên {share}% {base}"
    written = (
        "phiếu bằng văn bản của thành viên vắng mặt được tính"
        if rule.written_ballots_count
        else "phiếu bằng văn bản không được tính"
    )
    quorum = (
        f"phiên họp cần ít nhất {rule.quorum_numerator}/{rule.quorum_denominator} số thành viên"
    )
    return f"{VotingMethod(rule.method).label}; {threshold}; {quorum}; {written}"


def _share(value) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


CHOICE_LABELS = {Choice.AGREE: "Đồng ý", Choice.DISAGREE: "Không đồng ý"}


def session_record(
    session: CouncilSession, *, open_votes: dict[int, dict[str, list[str]]] | None = None
) -> dict[str, Any]:
    """What the minutes, the tally record and the proposal show, taken at the close from the
    session's own rows (its members as copied when called, its rules as copied when voting
    opened, the results). JSON only: stored in CouncilSession.frozen."""
    council = session.council
    authority = council.authority
    campaign = session.campaign
    members = list(session.members.all())
    rules = {r.award_form_id: r for r in session.rules.select_related("award_form")}
    items = list(
        session.items.select_related(
            "nominee__dossier__unit", "award_offer__award_form", "result__award_form"
        ).prefetch_related("recusals__member")
    )
    open_votes = open_votes or {}
    forms: list[dict[str, Any]] = []
    by_form: dict[int, dict[str, Any]] = {}
    for no, item in enumerate(items, start=1):
        form = item.award_offer.award_form
        if form.pk not in by_form:
            rule = rules.get(form.pk)
            by_form[form.pk] = {
                "form": form.name,
                "method": rule.method if rule else VotingMethod.OPEN,
                "rule": rule_text(rule) if rule else "",
                "items": [],
            }
            forms.append(by_form[form.pk])
        result = getattr(item, "result", None)
        votes = open_votes.get(item.pk, {})
        by_form[form.pk]["items"].append(
            {
                "no": no,
                "name": item.nominee.full_name,
                "kind": item.nominee.kind,
                "unit": item.nominee.dossier.unit.name,
                "position": _position_and_unit(item.nominee),
                "proposed_form": form.name,
                "agree": result.agree if result else 0,
                "disagree": result.disagree if result else 0,
                "other": result.other_form if result else 0,
                "other_forms": result.other_forms if result else [],
                "written": result.written if result else 0,
                "base": result.base if result else 0,
                "participants": result.participants if result else 0,
                "share": _share(result.share) if result else "",
                "outcome": result.outcome if result else "",
                "outcome_label": str(Outcome(result.outcome).label) if result else "",
                "award_form": result.award_form.name if result and result.award_form_id else "",
                "recused": [
                    {"name": r.member.full_name, "reason": r.reason}
                    for r in sorted(item.recusals.all(), key=lambda r: r.member_id)
                ],
                "open_votes": [
                    {"choice": CHOICE_LABELS.get(k, k), "names": v} for k, v in votes.items()
                ],
            }
        )
    voting = [m for m in members if m.votes]

    def people(attendance: str, votes: bool = True) -> list[dict[str, str]]:
        return [
            {"name": m.full_name, "role": str(CouncilRole(m.role).label), "position": m.position}
            for m in members
            if m.attendance == attendance and m.votes == votes
        ]

    chair = session.chair.full_name if session.chair_id else ""
    if not chair:
        chair = next((m.full_name for m in members if m.role == CouncilRole.CHAIRMAN), "")
    secretary = session.secretary.full_name if session.secretary_id else ""
    results = [i for f in forms for i in f["items"]]
    recommended = [i for i in results if i["outcome"] in RECOMMENDING]
    meeting = timezone.localtime(session.meeting_at)
    closed = timezone.localtime(session.closed_at) if session.closed_at else None
    return {
        "council": council.name,
        "council_decision": {
            "number": council.decision_number,
            "date": council.decision_date.isoformat() if council.decision_date else None,
        },
        "authority": {
            "name": authority.name,
            "short_name": authority.short_name,
            "header": lines(authority.header_name),
            "parent_header": authority.parent_header_name,
            "place": authority.place_name,
            "local_name": local_name(authority),
        },
        "campaign": {
            "title": campaign.title,
            "movement": movement_phrase(campaign),
            "basis": plan_basis(campaign),
        },
        "session": {
            "id": session.pk,
            "title": session.title,
            "meeting_at": meeting.isoformat(),
            "meeting_time": meeting.strftime("%H giờ %M"),
            "meeting_date": meeting.date().isoformat(),
            "closed_time": closed.strftime("%H giờ %M") if closed else "",
            "place": session.place,
            "chair": chair,
            "secretary": secretary,
            "conclusion": session.conclusion,
        },
        "members": {
            "voting": len(voting),
            "present": people(Attendance.PRESENT),
            "written": people(Attendance.WRITTEN),
            "absent": people(Attendance.ABSENT),
            "without_vote": people(Attendance.PRESENT, votes=False),
        },
        "forms": forms,
        "totals": {
            "items": len(results),
            "recommended": len(recommended),
            "not_recommended": sum(i["outcome"] == Outcome.NOT_RECOMMENDED for i in results),
            "undecided": sum(i["outcome"] in (Outcome.NO_QUORUM, Outcome.TIE) for i in results),
        },
        "numbers": {
            "minutes": session.minutes_number,
            "tally": session.tally_number,
            "proposal": session.proposal_number,
        },
        "issued_on": session.issued_on.isoformat() if session.issued_on else None,
    }


def _header(record: dict[str, Any]) -> dict[str, Any]:
    authority = record["authority"]
    return {
        "name": record["council"],
        "parent_header": authority["short_name"].upper(),
        "header_lines": ["HỘI ĐỒNG THI ĐUA", "KHEN THƯỞNG"],
        "code": "HĐTĐKT",
    }


def _require_closed(session: CouncilSession) -> dict[str, Any]:
    if session.status != SessionStatus.CLOSED or not session.frozen:
        raise ValueError("The council's documents exist once the session is closed.")
    return session.frozen


def minutes_data(session: CouncilSession) -> dict[str, Any]:
    record = _require_closed(session)
    s = record["session"]
    return {
        "kind": "minutes",
        "record": record,
        "authority": _header(record),
        "number": record["numbers"]["minutes"],
        "symbol": MINUTES_SERIES,
        "place": record["authority"]["place"],
        "issued_on": record["issued_on"],
        "type_name": "BIÊN BẢN",
        "title": f"Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng trong {record['campaign']['movement']}",
        "meeting_date": short_date(s["meeting_date"]),
        "draft": False,
    }


def tally_data(session: CouncilSession) -> dict[str, Any]:
    record = _require_closed(session)
    secret = [f for f in record["forms"] if f["method"] == VotingMethod.SECRET]
    return {
        "kind": "tally",
        "record": record,
        "forms": secret,
        "authority": _header(record),
        "number": record["numbers"]["tally"],
        "symbol": MINUTES_SERIES,
        "place": record["authority"]["place"],
        "issued_on": record["issued_on"],
        "type_name": "BIÊN BẢN KIỂM PHIẾU",
        "title": f"Bỏ phiếu kín xét khen thưởng trong {record['campaign']['movement']}",
        "draft": False,
    }


def proposal_data(session: CouncilSession) -> dict[str, Any]:
    record = _require_closed(session)
    groups: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for form in record["forms"]:
        for item in form["items"]:
            if item["outcome"] in RECOMMENDING:
                groups[item["award_form"] or form["form"]][item["unit"]].append(item)
    listing = [
        {
            "form": form,
            "units": [{"unit": unit, "people": people} for unit, people in units.items()],
            "count": sum(len(p) for p in units.values()),
        }
        for form, units in groups.items()
    ]
    return {
        "kind": "council_proposal",
        "record": record,
        "groups": listing,
        "authority": _header(record),
        "number": record["numbers"]["proposal"],
        "symbol": PROPOSAL_SERIES,
        "place": record["authority"]["place"],
        "issued_on": record["issued_on"],
        "type_name": "TỜ TRÌNH",
        "title": f"Về việc đề nghị khen thưởng trong {record['campaign']['movement']}",
        "addressee": f"Chủ tịch {record['authority']['short_name']}",
        "recipients": ["Như trên;", "Thành viên Hội đồng;", "Lưu: VT, HĐTĐKT."],
        "signature": {
            "capacity": "TM. HỘI ĐỒNG",
            "title": "CHỦ TỊCH",
            "name": record["session"]["chair"],
        },
        "draft": False,
    }


def _load(object_id: str) -> CouncilSession:
    return CouncilSession.objects.select_related(
        "council__authority", "campaign", "chair", "secretary"
    ).get(pk=int(object_id))


def _can_view(user, session: CouncilSession) -> bool:
    return bool(user.has_perm("council.view_session", session))


def _issued(build):
    def issued(session: CouncilSession) -> dict[str, Any] | None:
        if session.status != SessionStatus.CLOSED or not session.frozen:
            return None
        return build(session)

    return issued


def _authority(session: CouncilSession):
    return session.council.authority


MINUTES_KIND = DocumentKind(
    code="minutes",
    label="Biên bản họp Hội đồng Thi đua - Khen thưởng (ID: mã phiên họp)",
    template_name="pdf/council_minutes.html",
    template_version=TEMPLATE_VERSION,
    load=_load,
    build_data=minutes_data,
    filename=lambda s, d: f"bien-ban-hop-hoi-dong-{s.pk}.pdf",
    can_view=_can_view,
    authority_of=_authority,
    issued_data=_issued(minutes_data),
)
TALLY_KIND = DocumentKind(
    code="tally",
    label="Biên bản kiểm phiếu (ID: mã phiên họp)",
    template_name="pdf/council_tally.html",
    template_version=TEMPLATE_VERSION,
    load=_load,
    build_data=tally_data,
    filename=lambda s, d: f"bien-ban-kiem-phieu-{s.pk}.pdf",
    can_view=_can_view,
    authority_of=_authority,
    issued_data=_issued(tally_data),
)
PROPOSAL_KIND = DocumentKind(
    code="council_proposal",
    label="Tờ trình của Hội đồng Thi đua - Khen thưởng (ID: mã phiên họp)",
    template_name="pdf/council_proposal.html",
    template_version=TEMPLATE_VERSION,
    load=_load,
    build_data=proposal_data,
    filename=lambda s, d: f"to-trinh-hoi-dong-{s.pk}.pdf",
    can_view=_can_view,
    authority_of=_authority,
    issued_data=_issued(proposal_data),
)
