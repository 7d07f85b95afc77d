"""The demo council of the seed's authority: its members (the demo logins `chutich`,
`phochutich`, `hoidong`, `thamdinh` as secretary, and five more), the default voting rules, and
one CLOSED session with its results, minutes and proposal on a dossier of UBND thị trấn Ba Tơ
brought through the clerk's and the appraiser's services, so that every council page is filled
and the decisions stage can draft from it. Idempotent: a council with a closed session is left
as it is.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from campaigns.enums import CampaignStatus, RecipientKind
from campaigns.models import Campaign
from nominations.enums import StaffCategory
from organizations.demo import AUTHORITY, DEMO_PASSWORD
from organizations.enums import Gender, Role
from organizations.models import Authority, Ethnicity, Unit, User
from organizations.services import setup_roles

from . import services
from .enums import Attendance, Choice, CouncilRole, SessionStatus
from .models import Council

DECISION = ("35/QĐ-UBND", dt.date(2024, 3, 1))
# username, full name, council role, position, unit (for new people), gender
MEMBERS = (
    ("chutich", "", CouncilRole.CHAIRMAN, "Chủ tịch UBND huyện", None, Gender.MALE),
    ("phochutich", "", CouncilRole.STANDING_VICE, "Phó Chủ tịch UBND huyện", None, Gender.FEMALE),
    (
        "hd.truongnoivu", "Lê Văn Hùng", CouncilRole.VICE, "Trưởng Phòng Nội vụ",
        "Phòng Nội vụ", Gender.MALE,
    ),
    (
        "hd.mattran", "Phạm Văn Tiến", CouncilRole.VICE, "Chủ tịch Ủy ban MTTQ Việt Nam huyện",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Ba Tơ", Gender.MALE,
    ),
    ("hoidong", "", CouncilRole.MEMBER, "Trưởng Phòng Dân tộc", None, Gender.MALE),
    (
        "hd.giaoduc", "Trương Thị Lan", CouncilRole.MEMBER, "Trưởng Phòng Giáo dục và Đào tạo",
        "Phòng Giáo dục và Đào tạo", Gender.FEMALE,
    ),
    (
        "hd.huyendoan", "Đinh Văn Sơn", CouncilRole.MEMBER, "Bí thư Huyện đoàn",
        "Huyện đoàn Ba Tơ", Gender.MALE,
    ),
    (
        "hd.phunu", "Phạm Thị Mỹ", CouncilRole.MEMBER, "Chủ tịch Hội Liên hiệp Phụ nữ huyện",
        "Hội Liên hiệp Phụ nữ huyện Ba Tơ", Gender.FEMALE,
    ),
    ("thamdinh", "", CouncilRole.SECRETARY, "Chuyên viên Phòng Nội vụ", None, Gender.FEMALE),
)  # fmt: skip
NOMINEES = (
    ("Đinh Văn Rét", "Trưởng thôn Làng Mạ", "19", Gender.MALE),
    ("Phạm Thị Nghê", "Chi hội trưởng Phụ nữ thôn Gò Da", "19", Gender.FEMALE),
    ("Nguyễn Văn Thạnh", "Công chức Văn hóa - Xã hội", "01", Gender.MALE),
    ("Đinh Thị Dứt", "Người có uy tín thôn Nước Lăng", "19", Gender.FEMALE),
)
UNIT = "UBND thị trấn Ba Tơ"
CLERK = ("canbo.thitran", "Phạm Văn Bảy", "Công chức Văn phòng - Thống kê")


def _person(authority: Authority, username: str, full_name: str, unit: str | None, position: str,
            gender: str, roles: tuple[str, ...]) -> User:  # fmt: skip
    person = User.objects.filter(username=username).first()
    if person is None:
        person = User(username=username, full_name=full_name, authority=authority)
        person.set_password(DEMO_PASSWORD)
    if unit:
        person.unit = Unit.objects.filter(authority=authority, name=unit).first()
    person.position = person.position or position
    person.gender = person.gender or gender
    person.email = person.email or f"{username}@thidua.local"
    person.save()
    setup_roles(person=person, roles=sorted({*person.roles, *roles}))
    return User.objects.get(pk=person.pk)


def _blank_pdf(name: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _forwarded_dossier(campaign: Campaign, clerk: User, appraiser: User) -> None:
    from appraisal.services import appraise_nominee, forward_dossier, receive_dossier
    from nominations.services import dossiers
    from nominations.uploads import check_upload

    offer = campaign.award_offers.filter(award_form__recipient_kind=RecipientKind.INDIVIDUAL)
    offer = offer.order_by("award_form__order").first()
    ethnicities = {e.code: e for e in Ethnicity.objects.filter(code__in=["01", "19"])}
    dossier = dossiers.create_dossier(actor=clerk, campaign=campaign)
    dossier = dossiers.update_dossier(
        actor=clerk,
        dossier=dossier,
        expected_version=dossier.version,
        data={
            "letter_number": "21/TTr-UBND",
            "letter_date": dt.date(2024, 5, 10),
            "letter_signer": "Phạm Văn Đông",
        },
    )
    for which, name in (("letter", "to-trinh-21.pdf"), ("minutes", "bien-ban-hop-xet.pdf")):
        upload = _blank_pdf(name)
        dossiers.set_dossier_file(
            actor=clerk, dossier=dossier, which=which, upload=upload, checked=check_upload(upload)
        )
    for name, position, ethnicity, gender in NOMINEES:
        dossiers.add_nominee(
            actor=clerk,
            dossier=dossier,
            data={
                "kind": RecipientKind.INDIVIDUAL,
                "award_offer": offer,
                "full_name": name,
                "gender": gender,
                "birth_date": dt.date(1975, 3, 12),
                "ethnicity": ethnicities.get(ethnicity),
                "hometown": "thị trấn Ba Tơ, huyện Ba Tơ",
                "position": position,
                "workplace": UNIT,
                "staff_category": StaffCategory.GRASSROOTS,
                "achievement_summary": "Đã có thành tích xuất sắc trong phong trào thi đua chào "
                "mừng Đại hội đại biểu các dân tộc thiểu số huyện Ba Tơ lần thứ IV.",
                "report_text": f"Báo cáo thành tích của {name}: vận động đồng bào phát triển "
                "kinh tế, giữ gìn bản sắc văn hóa dân tộc Hrê.",
            },
        )
    dossiers.submit_dossier(actor=clerk, dossier=dossier)
    receive_dossier(actor=appraiser, dossier=dossier)
    for nominee in dossier.nominees.order_by("order", "pk"):
        appraise_nominee(actor=appraiser, nominee=nominee, verdict="eligible",
                         checklist={"documents_complete": True, "in_scope": True})  # fmt: skip
    forward_dossier(actor=appraiser, dossier=dossier)


@transaction.atomic
def load() -> list[str]:
    authority = Authority.objects.filter(name=AUTHORITY["name"]).first()
    campaign = (
        Campaign.objects.filter(authority=authority, status=CampaignStatus.PUBLISHED)
        .order_by("pk")
        .first()
    )
    if authority is None or campaign is None:
        return ["Hội đồng demo: chưa có kế hoạch đã ban hành, bỏ qua."]
    council = Council.objects.filter(authority=authority, is_active=True).first()
    if council is not None and council.sessions.filter(status=SessionStatus.CLOSED).exists():
        # The organizations demo has just reset the people's roles: give the members theirs back.
        for person in User.objects.filter(
            pk__in=council.memberships.filter(votes=True).values("person")
        ):
            setup_roles(person=person, roles=sorted({*person.roles, Role.COUNCIL_MEMBER}))
        return [f"Hội đồng demo: {council.name} (đã có phiên họp đã kết thúc, giữ nguyên)."]
    if council is None:
        council = services.create_council(
            actor=None, authority=authority, decision_number=DECISION[0], decision_date=DECISION[1]
        )
    people = []
    for username, name, role, position, unit, gender in MEMBERS:
        roles = (Role.COUNCIL_MEMBER,) if role != CouncilRole.SECRETARY else ()
        person = _person(authority, username, name, unit, position, gender, roles)
        people.append(person)
        if not council.memberships.filter(person=person).exists():
            services.add_member(
                actor=None,
                council=council,
                person=person,
                role=role,
                position=position,
                votes=role != CouncilRole.SECRETARY,
                start_date=DECISION[1],
            )
    secretary = people[-1]
    clerk = _person(authority, CLERK[0], CLERK[1], UNIT, CLERK[2], Gender.MALE, (Role.CLERK,))
    _forwarded_dossier(campaign, clerk, secretary)
    session = services.create_session(
        actor=secretary,
        council=council,
        campaign=campaign,
        title="Phiên họp xét khen thưởng phong trào thi đua chào mừng Đại hội đại biểu các dân "
        "tộc thiểu số huyện Ba Tơ lần thứ IV",
        meeting_at=timezone.make_aware(dt.datetime(2024, 6, 5, 8, 0)),
        place="Hội trường UBND huyện Ba Tơ",
        chair=people[0],
    )
    session = services.call_session(actor=secretary, session=session)
    members = {m.person.username: m for m in session.members.select_related("person")}
    services.set_attendance(actor=secretary, session=session, member=members["hd.phunu"],
                            attendance=Attendance.WRITTEN)  # fmt: skip
    session = services.open_voting(actor=secretary, session=session)
    members = {m.person.username: m for m in session.members.select_related("person")}
    items = list(session.items.select_related("nominee").order_by("order"))
    voters = [m for m in members.values() if m.votes and m.attendance == Attendance.PRESENT]
    against = {items[-1].pk: 5}  # the last nominee is turned down by most members
    services.recuse(actor=members["hd.mattran"].person, item=items[0],
                    reason="Người thân trong gia đình")  # fmt: skip
    for i, member in enumerate(voters):
        for item in items:
            if item.pk == items[0].pk and member.person.username == "hd.mattran":
                continue
            choice = Choice.DISAGREE if i < against.get(item.pk, 0) else Choice.AGREE
            services.cast_ballot(actor=member.person, item=item, choice=choice)
    services.record_written_ballot(
        actor=secretary,
        session=session,
        member=members["hd.phunu"],
        choices={item.pk: (Choice.AGREE, None) for item in items},
    )
    session = services.close_session(
        actor=secretary,
        session=session,
        conclusion="Giao Thư ký Hội đồng hoàn chỉnh hồ sơ, trình Chủ tịch UBND huyện quyết định.",
    )
    return [
        f"Hội đồng demo: {council.name}, {len(people)} thành viên; phiên họp #{session.pk} đã kết "
        f"thúc ({session.items.count()} tập thể, cá nhân được xét; đăng nhập hoidong, thamdinh)."
    ]
