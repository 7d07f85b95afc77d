"""Province-scale load data in bulk (`python manage.py generate_load_data`).

Grows the demo world (load_demo first, if it is not there) to a province's size: units with
their clerks, the demo campaign's dossiers and nominees in every state of the flow, the
appraisal's verdicts, closed council sessions (members, agenda, receipts, results), one session
open for voting with its agenda and half its ballots, and award decisions waiting for the
Chairman's signature. Everything is written with bulk_create in batches, in one transaction;
states are consistent with the flow (a nominee of a forwarded dossier has a current eligible
verdict, a decided one an agenda item in a closed session and its result, a line in a decision
only if the council recommended him). It writes no audit entries: it is data for measurement,
not a history. Used by bench/run and the tests (tests/dashboard/test_loadgen.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from appraisal.enums import Verdict
from appraisal.models import Appraisal
from campaigns.enums import CampaignStatus, RecipientKind
from campaigns.models import AwardOffer, Campaign
from council.enums import (
    Attendance,
    Choice,
    CouncilRole,
    Outcome,
    SessionStatus,
    VotingMethod,
)
from council.models import (
    AgendaItem,
    Ballot,
    Council,
    CouncilSession,
    ItemResult,
    SessionMember,
    SessionRule,
    VoteReceipt,
    VotingRule,
)
from decisions.enums import DecisionPurpose, DecisionStatus
from decisions.models import Decision, DecisionLine
from nominations.enums import DossierStatus, NomineeStatus
from nominations.models import Dossier, Nominee
from organizations.demo import AUTHORITY, DEMO_PASSWORD
from organizations.enums import Gender, Role
from organizations.models import Authority, Ethnicity, RoleAssignment, Unit, UnitKind, User
from organizations.vietnamese import fold

# The mark of generated data: the clerks' usernames and the sessions' titles begin with it.
USER_PREFIX = "tt."
SESSION_PREFIX = "Phiên họp xét khen thưởng đợt "
VOTING_TITLE = "Phiên họp xét khen thưởng (đang bỏ phiếu)"
BATCH = 5000

FAMILY = [
    ("Nguyễn", 31), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4),
    ("Phan", 4), ("Vũ", 4), ("Võ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 3), ("Hà", 1), ("Lò", 1), ("Y", 1),
]  # fmt: skip
MALE_MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thanh", "Xuân", "Ngọc"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng"]
MALE_GIVEN = [
    "An", "Bảo", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Hải", "Hiếu", "Hòa", "Hùng", "Huy",
    "Khánh", "Khoa", "Long", "Lực", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang",
    "Sơn", "Tài", "Thắng", "Thành", "Thiện", "Tuấn", "Tùng", "Việt", "Vinh", "Blưm", "Xê",
]  # fmt: skip
FEMALE_GIVEN = [
    "Anh", "Châu", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
    "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung",
    "Oanh", "Phương", "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Xuân", "Yến",
]  # fmt: skip
# Ethnic groups by their share in a mountainous province (the others are drawn rarely).
ETHNIC_WEIGHTS = {"Kinh": 60, "Hrê": 14, "Ca Dong": 6, "Xơ Đăng": 5, "Cor": 4, "Ba Na": 3}
PLACES = [
    "Ba Bích", "Ba Cung", "Ba Dinh", "Ba Điền", "Ba Giang", "Ba Khâm", "Ba Lế", "Ba Liên",
    "Ba Nam", "Ba Ngạc", "Ba Thành", "Ba Tiêu", "Ba Trang", "Ba Tô", "Ba Vì", "Ba Vinh",
    "Ba Xa", "Bình Sơn", "Bình Châu", "Bình Hải", "Bình Thuận", "Bình Trị", "Tịnh Hòa",
    "Tịnh Kỳ", "Tịnh Khê", "Tịnh Long", "Tịnh Ấn", "Nghĩa Hành", "Hành Thiện", "Hành Tín",
    "Hành Đức", "Hành Phước", "Mộ Đức", "Đức Lân", "Đức Phong", "Đức Hiệp", "Phổ Thạnh",
    "Phổ Châu", "Phổ An", "Phổ Quang", "Sơn Hà", "Sơn Kỳ", "Sơn Thủy", "Sơn Linh", "Sơn Bao",
    "Trà Bồng", "Trà Phong", "Trà Xinh", "Trà Thanh", "Minh Long", "Long Hiệp", "Long Sơn",
    "Lý Sơn", "An Vĩnh", "An Hải", "Tư Nghĩa", "Nghĩa Kỳ", "Nghĩa Thắng", "Nghĩa Lâm",
    "Sơn Tây", "Sơn Mùa", "Sơn Dung", "Sơn Tân", "Đức Chánh", "Đức Thạnh", "Phổ Văn",
]  # fmt: skip
UNIT_PATTERNS = [
    ("commune", "Ủy ban nhân dân xã {p}", "UBND xã {p}"),
    ("school", "Trường Tiểu học {p}", "TH {p}"),
    ("school", "Trường Trung học cơ sở {p}", "THCS {p}"),
    ("school", "Trường Mầm non {p}", "MN {p}"),
    ("mass_org", "Hội Nông dân xã {p}", "HND xã {p}"),
    ("mass_org", "Hội Liên hiệp Phụ nữ xã {p}", "HLHPN xã {p}"),
    ("mass_org", "Đoàn Thanh niên xã {p}", "ĐTN xã {p}"),
    ("agency", "Trạm Y tế xã {p}", "TYT xã {p}"),
    ("enterprise", "Hợp tác xã Nông nghiệp {p}", "HTX NN {p}"),
    ("other", "Công an xã {p}", "CA xã {p}"),
]
POSITIONS = [
    "Công chức Văn hóa - Xã hội", "Giáo viên", "Hiệu trưởng", "Chủ tịch Hội Nông dân",
    "Trưởng thôn", "Y sĩ", "Công chức Tư pháp - Hộ tịch", "Bí thư Chi đoàn", "Kế toán",
    "Nông dân", "Chủ nhiệm Hợp tác xã", "Phó Chủ tịch UBND xã",
]  # fmt: skip
ACHIEVEMENTS = [
    "Hoàn thành xuất sắc nhiệm vụ năm; vận động {n} hộ đồng bào thoát nghèo.",
    "Có sáng kiến cải tiến quy trình tiếp nhận hồ sơ một cửa, rút ngắn thời gian {n}%.",
    "Tích cực tham gia xây dựng nông thôn mới, hiến {n} m² đất làm đường giao thông.",
    "Tổ chức {n} lớp xóa mù chữ cho đồng bào dân tộc thiểu số tại thôn.",
]
# The states dossiers are spread over (share in per cent), as on a deadline day.
DOSSIER_MIX = [
    (DossierStatus.DRAFT, 8),
    (DossierStatus.SUBMITTED, 18),
    (DossierStatus.RECEIVED, 10),
    (DossierStatus.UNDER_APPRAISAL, 16),
    (DossierStatus.RETURNED, 5),
    (DossierStatus.RESUBMITTED, 5),
    (DossierStatus.REJECTED, 2),
    (DossierStatus.WITHDRAWN, 1),
    (DossierStatus.FORWARDED, 20),
    (DossierStatus.DECIDED, 15),
]


class AlreadyGenerated(Exception):
    """The database holds generated load data already: refused, nothing written."""


@dataclass
class Summary:
    units: int = 0
    clerks: int = 0
    dossiers: int = 0
    nominees: int = 0
    appraisals: int = 0
    sessions: int = 0
    agenda_items: int = 0
    receipts: int = 0
    ballots: int = 0
    decisions: int = 0
    decision_lines: int = 0
    seconds: float = 0.0
    voting_session: int | None = None
    counts: dict[str, int] = field(default_factory=dict)


def _weighted(rng: random.Random, pairs: list[tuple[object, int]]) -> Callable[[], object]:
    values = [v for v, _ in pairs]
    weights = [w for _, w in pairs]
    return lambda: rng.choices(values, weights)[0]


def _spread(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` split over `parts` (each at least 1), unevenly as dossiers are (1 to ~2× mean)."""
    if parts == 0:
        return []
    base = [1] * parts
    rest = total - parts
    mean = rest / parts if parts else 0
    for i in range(parts):
        take = min(rest, int(rng.uniform(0, 2 * mean) + 0.5))
        base[i] += take
        rest -= take
    i = 0
    while rest > 0:  # what the draws left over, round robin
        base[i % parts] += 1
        rest -= 1
        i += 1
    return base


def already_generated() -> bool:
    return User.objects.filter(username__startswith=USER_PREFIX).exists()


def generate(
    *, units: int, dossiers: int, nominees: int, seed: int = 15, voting_items: int = 200,
    log: Callable[[str], None] = lambda _line: None,
) -> Summary:  # fmt: skip
    """Grow the demo authority to `units` units, `dossiers` more dossiers, `nominees` more
    nominees. Refuses (AlreadyGenerated) if generated data is there already."""
    if nominees < dossiers:
        raise ValueError("nominees must be at least dossiers (each dossier names someone)")
    started = time.perf_counter()
    authority = Authority.objects.filter(name=AUTHORITY["name"]).first()
    if authority is None:
        from django.core.management import call_command

        from dashboard.management.commands.load_demo import quiet_side_effects

        with quiet_side_effects():
            call_command("load_demo", stdout=_Null())
        authority = Authority.objects.get(name=AUTHORITY["name"])
    if already_generated():
        raise AlreadyGenerated
    campaign = (
        Campaign.objects.filter(authority=authority, status=CampaignStatus.PUBLISHED)
        .order_by("pk")
        .first()
    )
    council = Council.objects.filter(authority=authority, is_active=True).first()
    if campaign is None or council is None:
        raise RuntimeError("the demo has no published campaign or no council")
    with transaction.atomic():
        rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
        summary = _Builder(authority, campaign, council, rng, log).run(
            units=units, dossiers=dossiers, nominees=nominees, voting_items=voting_items
        )
    summary.seconds = time.perf_counter() - started
    return summary


class _Null:
    def write(self, *_args, **_kwargs) -> None:
        pass

    def flush(self) -> None:
        pass


class _Builder:
    def __init__(self, authority, campaign, council, rng, log) -> None:
        self.authority = authority
        self.campaign = campaign
        self.council = council
        self.rng = rng
        self.log = log
        self.summary = Summary()
        self.now = timezone.now()
        self.today = timezone.localdate()

    # --- people and units ----------------------------------------------------------------
    def person(self) -> tuple[str, str]:
        rng = self.rng
        family = rng.choices([f for f, _ in FAMILY], [w for _, w in FAMILY])[0]
        if rng.random() < 0.5:
            return f"{family} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}", Gender.MALE
        return f"{family} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}", Gender.FEMALE

    def make_units(self, total: int) -> list[Unit]:
        existing = list(Unit.objects.filter(authority=self.authority).order_by("pk"))
        kinds = {k.code: k for k in UnitKind.objects.all()}
        taken = {u.name.lower() for u in existing}
        rows = []
        for i in range(max(0, total - len(existing))):
            kind, name, short = UNIT_PATTERNS[i % len(UNIT_PATTERNS)]
            place = PLACES[(i // len(UNIT_PATTERNS)) % len(PLACES)]
            round_ = i // (len(UNIT_PATTERNS) * len(PLACES))
            full = name.format(p=place) + (f" (số {round_ + 1})" if round_ else "")
            if full.lower() in taken:
                continue
            taken.add(full.lower())
            rows.append(
                Unit(
                    authority=self.authority,
                    kind=kinds[kind],
                    name=full,
                    short_name=(short.format(p=place) + (f" {round_ + 1}" if round_ else ""))[:100],
                )
            )
        made = Unit.objects.bulk_create(rows, batch_size=BATCH)
        self.summary.units = len(made)
        # One clerk per new unit (password: the demo's), with the clerk role.
        password = make_password(DEMO_PASSWORD)
        clerks = []
        for i, unit in enumerate(made):
            name, gender = self.person()
            clerks.append(
                User(
                    username=f"{USER_PREFIX}{i + 1:04d}",
                    full_name=name,
                    first_name=name,
                    gender=gender,
                    position="Cán bộ phụ trách thi đua, khen thưởng",
                    authority=self.authority,
                    unit=unit,
                    password=password,
                )
            )
        clerks = User.objects.bulk_create(clerks, batch_size=BATCH)
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=c, role=Role.CLERK) for c in clerks], batch_size=BATCH
        )
        self.summary.clerks = len(clerks)
        self.log(f"  {len(made)} units and their clerks")
        return existing + made

    # --- dossiers and nominees -----------------------------------------------------------
    def make_dossiers(self, units: list[Unit], count: int) -> list[Dossier]:
        state = _weighted(self.rng, DOSSIER_MIX)
        rows = []
        year = self.today.year
        for i in range(count):
            status = state()
            unit = units[i % len(units)]
            submitted = status != DossierStatus.DRAFT
            at = self.now - dt.timedelta(minutes=self.rng.randrange(60 * 24 * 60))
            received = status not in (
                DossierStatus.DRAFT,
                DossierStatus.SUBMITTED,
                DossierStatus.WITHDRAWN,
                DossierStatus.REJECTED,
            )
            rows.append(
                Dossier(
                    campaign=self.campaign,
                    unit=unit,
                    status=status,
                    letter_number=f"{self.rng.randint(1, 300)}/TTr-{unit.short_name[:20]}"
                    if submitted
                    else "",
                    letter_date=at.date() if submitted else None,
                    letter_signer=self.person()[0] if submitted else "",
                    minutes_not_required=True,
                    submitted_at=at if submitted else None,
                    received_at=at + dt.timedelta(hours=4) if received else None,
                    incoming_number=f"{i + 1000}/{year}" if received else "",
                    due_date=self.today + dt.timedelta(days=self.rng.randint(-5, 25))
                    if received
                    else None,
                    return_count=1
                    if status in (DossierStatus.RETURNED, DossierStatus.RESUBMITTED)
                    else 0,
                    returned_at=at + dt.timedelta(days=1)
                    if status in (DossierStatus.RETURNED, DossierStatus.RESUBMITTED)
                    else None,
                    return_reason="Bổ sung báo cáo thành tích có xác nhận của cấp trên."
                    if status in (DossierStatus.RETURNED, DossierStatus.RESUBMITTED)
                    else "",
                    rejection_reason="Hồ sơ gửi sau thời hạn của kế hoạch."
                    if status == DossierStatus.REJECTED
                    else "",
                    forwarded_at=at + dt.timedelta(days=5)
                    if status in (DossierStatus.FORWARDED, DossierStatus.DECIDED)
                    else None,
                )
            )
        made = Dossier.objects.bulk_create(rows, batch_size=BATCH)
        self.summary.dossiers = len(made)
        return made

    def make_nominees(self, dossiers: list[Dossier], total: int) -> list[Nominee]:
        offers = list(
            AwardOffer.objects.filter(campaign=self.campaign).select_related("award_form")
        )
        individual = [o for o in offers if o.award_form.recipient_kind == RecipientKind.INDIVIDUAL]
        collective = [o for o in offers if o.award_form.recipient_kind != RecipientKind.INDIVIDUAL]
        ethnicities = list(Ethnicity.objects.all())
        pairs = [(e, ETHNIC_WEIGHTS.get(e.name, 0.2)) for e in ethnicities]
        ethnic = _weighted(self.rng, pairs)
        rows = []
        made: list[Nominee] = []
        for dossier, size in zip(dossiers, _spread(self.rng, total, len(dossiers)), strict=True):
            for j in range(size):
                if collective and self.rng.random() < 0.15:
                    offer = self.rng.choice(collective)
                    name = f"Tập thể {self.rng.choice(['Tổ', 'Thôn', 'Chi hội'])} {j + 1}, "
                    name += dossier.unit.name
                    nominee = Nominee(
                        dossier=dossier,
                        kind=offer.award_form.recipient_kind,
                        award_offer=offer,
                        full_name=name[:255],
                        parent_unit_name=dossier.unit.name,
                        member_count=self.rng.randint(8, 60),
                        women_share=self.rng.randint(10, 70),
                    )
                else:
                    offer = self.rng.choice(individual or offers)
                    name, gender = self.person()
                    nominee = Nominee(
                        dossier=dossier,
                        kind=RecipientKind.INDIVIDUAL,
                        award_offer=offer,
                        full_name=name,
                        gender=gender,
                        birth_date=dt.date(1965, 1, 1)
                        + dt.timedelta(days=self.rng.randrange(38 * 365)),
                        ethnicity=ethnic(),
                        position=self.rng.choice(POSITIONS),
                        workplace=dossier.unit.name,
                        citizen_id=f"0{self.rng.randrange(10**10, 10**11)}",
                    )
                nominee.name_key = fold(nominee.full_name)[:255]
                nominee.order = j
                nominee.achievement_summary = self.rng.choice(ACHIEVEMENTS).format(
                    n=self.rng.randint(3, 40)
                )
                nominee.status = NomineeStatus.PENDING
                rows.append(nominee)
            if len(rows) >= BATCH:
                made += Nominee.objects.bulk_create(rows)
                rows = []
        made += Nominee.objects.bulk_create(rows)
        self.summary.nominees = len(made)
        self.log(f"  {len(dossiers)} dossiers, {len(made)} nominees")
        return made

    # --- appraisal -------------------------------------------------------------------------
    def appraise(self, nominees: list[Nominee], dossiers: dict[int, Dossier]) -> None:
        appraiser = User.objects.get(username="thamdinh")
        verdicts = []
        changed: dict[str, list[int]] = {}
        for n in nominees:
            status = dossiers[n.dossier_id].status
            verdict = None
            if status in (DossierStatus.FORWARDED, DossierStatus.DECIDED):
                verdict = Verdict.ELIGIBLE if self.rng.random() < 0.95 else Verdict.NOT_ELIGIBLE
            elif status == DossierStatus.UNDER_APPRAISAL and self.rng.random() < 0.5:
                verdict = Verdict.ELIGIBLE if self.rng.random() < 0.8 else Verdict.NEEDS_CORRECTION
            elif (
                status in (DossierStatus.RETURNED, DossierStatus.RESUBMITTED)
                and self.rng.random() < 0.3
            ):
                verdict = Verdict.NEEDS_CORRECTION
            if verdict is None:
                continue
            n.status = {
                Verdict.ELIGIBLE: NomineeStatus.ELIGIBLE,
                Verdict.NOT_ELIGIBLE: NomineeStatus.NOT_ELIGIBLE,
                Verdict.NEEDS_CORRECTION: NomineeStatus.NEEDS_CORRECTION,
            }[verdict]
            changed.setdefault(n.status, []).append(n.pk)
            verdicts.append(
                Appraisal(
                    dossier_id=n.dossier_id,
                    nominee=n,
                    appraiser=appraiser,
                    verdict=verdict,
                    reason=""
                    if verdict == Verdict.ELIGIBLE
                    else "Thành tích chưa có xác nhận của cơ quan cấp trên.",
                    checklist={"dossier_complete": True, "criteria_met": verdict == "eligible"},
                    award_offer_before_id=n.award_offer_id,
                    award_offer_after_id=n.award_offer_id,
                    is_current=True,
                )
            )
        Appraisal.objects.bulk_create(verdicts, batch_size=BATCH)
        self._set_status(changed)
        self.summary.appraisals = len(verdicts)
        self.log(f"  {len(verdicts)} verdicts")

    def _set_status(self, changed: dict[str, list[int]]) -> None:
        for status, pks in changed.items():
            for start in range(0, len(pks), 20000):
                Nominee.objects.filter(pk__in=pks[start : start + 20000]).update(status=status)

    # --- council ---------------------------------------------------------------------------
    def _members(self) -> list:
        day = self.today
        return list(self.council.members_on(day).select_related("person").order_by("pk"))

    def _session(self, title: str, status: str, at: dt.datetime, members) -> CouncilSession:
        secretary = next((m.person for m in members if m.role == CouncilRole.SECRETARY), None)
        chair = next((m.person for m in members if m.role == CouncilRole.CHAIRMAN), None)
        session = CouncilSession.objects.create(
            council=self.council,
            campaign=self.campaign,
            title=title,
            meeting_at=at,
            place="Hội trường Ủy ban nhân dân",
            chair=chair,
            secretary=secretary,
            status=status,
            called_at=at - dt.timedelta(days=3),
            voting_opened_at=at,
            closed_at=at + dt.timedelta(hours=3) if status == SessionStatus.CLOSED else None,
            ballot_salt=secrets.token_hex(32) if status == SessionStatus.VOTING else "",
            conclusion="Giao Thư ký Hội đồng hoàn chỉnh hồ sơ, trình Chủ tịch quyết định."
            if status == SessionStatus.CLOSED
            else "",
            issued_on=at.date() if status == SessionStatus.CLOSED else None,
            created_by=secretary,
        )
        SessionMember.objects.bulk_create(
            [
                SessionMember(
                    session=session,
                    person=m.person,
                    full_name=m.person.full_name,
                    role=m.role,
                    position=m.position,
                    votes=m.votes,
                    attendance=Attendance.PRESENT,
                )
                for m in members
            ]
        )
        rules = {r.award_form_id: r for r in VotingRule.objects.filter(authority=self.authority)}
        default = rules.get(None)
        forms = {o.award_form_id for o in AwardOffer.objects.filter(campaign=self.campaign)}
        SessionRule.objects.bulk_create(
            [
                SessionRule(
                    session=session,
                    award_form_id=form,
                    method=(rule.method if rule else VotingMethod.SECRET),
                    share_percent=(rule.share_percent if rule else 50),
                    comparison=(rule.comparison if rule else "more_than"),
                    base=(rule.base if rule else "present"),
                    quorum_numerator=(rule.quorum_numerator if rule else 2),
                    quorum_denominator=(rule.quorum_denominator if rule else 3),
                    written_ballots_count=(rule.written_ballots_count if rule else True),
                )
                for form in sorted(forms)
                for rule in [rules.get(form, default)]
            ]
        )
        self.summary.sessions += 1
        return session

    def closed_sessions(self, nominees: list[Nominee], dossiers: dict[int, Dossier]) -> list:
        """Decided dossiers' eligible nominees went through closed sessions of ~2,000 items."""
        members = self._members()
        agenda = [
            n
            for n in nominees
            if dossiers[n.dossier_id].status == DossierStatus.DECIDED
            and n.status == NomineeStatus.ELIGIBLE
        ]
        recommended: list[tuple[Nominee, CouncilSession]] = []
        changed: dict[str, list[int]] = {}
        size = 2000
        for number, start in enumerate(range(0, len(agenda), size), start=1):
            chunk = agenda[start : start + size]
            at = self.now - dt.timedelta(days=40 - number)
            session = self._session(f"{SESSION_PREFIX}{number}", SessionStatus.CLOSED, at, members)
            session_members = list(session.members.order_by("pk"))
            voters = [m for m in session_members if m.votes]
            items = AgendaItem.objects.bulk_create(
                [
                    AgendaItem(session=session, nominee=n, award_offer_id=n.award_offer_id, order=i)
                    for i, n in enumerate(chunk)
                ],
                batch_size=BATCH,
            )
            receipts, results = [], []
            for item, nominee in zip(items, chunk, strict=True):
                against = self.rng.choices([0, 1, 2, len(voters)], [70, 15, 10, 5])[0]
                agree = len(voters) - against
                passed = agree * 2 > len(voters)
                results.append(
                    ItemResult(
                        item=item,
                        outcome=Outcome.RECOMMENDED if passed else Outcome.NOT_RECOMMENDED,
                        award_form_id=nominee.award_offer.award_form_id if passed else None,
                        agree=agree,
                        disagree=against,
                        members=len(voters),
                        participants=len(voters),
                        base=len(voters),
                        share=round(100 * agree / len(voters), 2) if voters else None,
                    )
                )
                receipts += [VoteReceipt(item=item, member=m) for m in voters]
                status = NomineeStatus.RECOMMENDED if passed else NomineeStatus.NOT_RECOMMENDED
                changed.setdefault(status, []).append(nominee.pk)
                if passed:
                    recommended.append((nominee, session))
            ItemResult.objects.bulk_create(results, batch_size=BATCH)
            VoteReceipt.objects.bulk_create(receipts, batch_size=BATCH)
            self.summary.agenda_items += len(items)
            self.summary.receipts += len(receipts)
        self._set_status(changed)
        self.log(f"  {self.summary.sessions} closed sessions, {self.summary.agenda_items} items")
        return recommended

    def voting_session(self, nominees: list[Nominee], dossiers: dict[int, Dossier], size: int):
        """A session open for voting on `size` forwarded eligible nominees; half the members
        have voted on every item (ballots by voter token, receipts)."""
        members = self._members()
        chunk = [
            n
            for n in nominees
            if dossiers[n.dossier_id].status == DossierStatus.FORWARDED
            and n.status == NomineeStatus.ELIGIBLE
        ][:size]
        if not chunk:
            return None
        session = self._session(VOTING_TITLE, SessionStatus.VOTING, self.now, members)
        items = AgendaItem.objects.bulk_create(
            [
                AgendaItem(session=session, nominee=n, award_offer_id=n.award_offer_id, order=i)
                for i, n in enumerate(chunk)
            ]
        )
        voters = [m for m in session.members.order_by("pk") if m.votes]
        # The demo's member "hoidong" has not voted yet: his review page shows the whole agenda.
        voted = [m for m in voters if m.person.username != "hoidong"][: len(voters) // 2]
        methods = dict(session.rules.values_list("award_form_id", "method"))
        key = session.ballot_salt.encode()
        ballots, receipts = [], []
        for item, nominee in zip(items, chunk, strict=True):
            open_vote = methods.get(nominee.award_offer.award_form_id) == VotingMethod.OPEN
            for m in voted:
                token = hmac.new(key, f"{session.pk}:{m.pk}".encode(), hashlib.sha256)
                ballots.append(
                    Ballot(
                        item=item,
                        voter_token=token.hexdigest(),
                        choice=Choice.AGREE if self.rng.random() < 0.9 else Choice.DISAGREE,
                        member=m if open_vote else None,
                    )
                )
                receipts.append(VoteReceipt(item=item, member=m))
        Ballot.objects.bulk_create(ballots, batch_size=BATCH)
        VoteReceipt.objects.bulk_create(receipts, batch_size=BATCH)
        self.summary.agenda_items += len(items)
        self.summary.ballots += len(ballots)
        self.summary.receipts += len(receipts)
        self.summary.voting_session = session.pk
        self.log(f"  voting session #{session.pk}: {len(items)} items, {len(ballots)} ballots")
        return session

    # --- decisions -------------------------------------------------------------------------
    def decisions(self, recommended: list[tuple[Nominee, CouncilSession]]) -> None:
        """One decision per closed session and award form, submitted for signature."""
        signer = self.authority.chairman or User.objects.get(username="chutich")
        appraiser = User.objects.get(username="thamdinh")
        units = dict(Unit.objects.filter(authority=self.authority).values_list("pk", "name"))
        groups: dict[tuple[int, int], list[Nominee]] = {}
        for nominee, session in recommended:
            groups.setdefault((session.pk, nominee.award_offer.award_form_id), []).append(nominee)
        forms = {o.award_form_id: o.award_form for o in AwardOffer.objects.filter(
            campaign=self.campaign).select_related("award_form")}  # fmt: skip
        for (session_pk, form_pk), people in groups.items():
            decision = Decision.objects.create(
                authority=self.authority,
                campaign=self.campaign,
                purpose=DecisionPurpose.AWARD,
                status=DecisionStatus.SUBMITTED,
                title=f"Về việc tặng {forms[form_pk].name} cho các tập thể, cá nhân",
                session_id=session_pk,
                signer=signer,
                submitted_at=self.now,
                funding_source="Quỹ Thi đua, khen thưởng",
                implementers="Chánh Văn phòng, Trưởng phòng Nội vụ và các cá nhân có tên.",
                created_by=appraiser,
            )
            lines = []
            for order, n in enumerate(people):
                lines.append(
                    DecisionLine(
                        decision=decision,
                        purpose=DecisionPurpose.AWARD,
                        nominee=n,
                        award_form_id=form_pk,
                        recipient_kind=n.kind,
                        full_name=n.full_name,
                        position=(f"{n.position}, {n.workplace}" if n.position else "")[:500],
                        unit_name=units.get(self._unit_pk(n), ""),
                        order=order,
                    )
                )
            DecisionLine.objects.bulk_create(lines, batch_size=BATCH)
            self.summary.decisions += 1
            self.summary.decision_lines += len(lines)
        self.log(f"  {self.summary.decisions} decisions, {self.summary.decision_lines} lines")

    def _unit_pk(self, nominee: Nominee) -> int:
        return self._dossier_unit[nominee.dossier_id]

    def run(self, *, units: int, dossiers: int, nominees: int, voting_items: int) -> Summary:
        all_units = self.make_units(units)
        made = self.make_dossiers(all_units, dossiers)
        self._dossier_unit = {d.pk: d.unit_id for d in made}
        by_pk = {d.pk: d for d in made}
        people = self.make_nominees(made, nominees)
        self.appraise(people, by_pk)
        recommended = self.closed_sessions(people, by_pk)
        self.voting_session(people, by_pk, voting_items)
        self.decisions(recommended)
        return self.summary
