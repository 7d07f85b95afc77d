"""The demo world of the seed plan: UBND huyện Ba Tơ (tỉnh Quảng Ngãi), its units and people.

Idempotent: every row is found by its natural key and updated, never duplicated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .enums import AuthorityLevel, Gender, Role
from .models import Authority, Unit, UnitKind, User
from .reference import ensure_reference_data
from .services import setup_roles

DEMO_PASSWORD = "thidua2024"

AUTHORITY = {
    "name": "Ủy ban nhân dân huyện Ba Tơ",
    "short_name": "UBND huyện Ba Tơ",
    "level": AuthorityLevel.DISTRICT,
    "header_name": "ỦY BAN NHÂN DÂN\nHUYỆN BA TƠ",
    "parent_header_name": "UBND TỈNH QUẢNG NGÃI",
    "place_name": "Ba Tơ",
    "document_code": "UBND",
}

DEPARTMENTS = [
    ("Phòng Nội vụ", "PNV"),
    ("Phòng Dân tộc", "PDT"),
    ("Phòng Lao động - Thương binh và Xã hội", "Phòng LĐ-TB&XH"),
    ("Phòng Nông nghiệp và Phát triển nông thôn", "Phòng NN&PTNT"),
    ("Phòng Giáo dục và Đào tạo", "Phòng GD&ĐT"),
    ("Phòng Văn hóa và Thông tin", "Phòng VH&TT"),
    ("Văn phòng HĐND và UBND huyện", "VP HĐND-UBND"),
]
AGENCIES = [
    ("Trung tâm Văn hóa - Thể thao và Truyền thông huyện Ba Tơ", "TT VH-TT&TT"),
    ("Ban Quản lý dự án đầu tư xây dựng huyện Ba Tơ", "BQLDA"),
]
COMMUNES = [
    "Thị trấn Ba Tơ",
    "Ba Bích",
    "Ba Cung",
    "Ba Dinh",
    "Ba Điền",
    "Ba Động",
    "Ba Giang",
    "Ba Hành",
    "Ba Khâm",
    "Ba Lế",
    "Ba Liên",
    "Ba Nam",
    "Ba Ngạc",
    "Ba Thành",
    "Ba Tiêu",
    "Ba Tô",
    "Ba Trang",
    "Ba Vì",
    "Ba Vinh",
    "Ba Xa",
]
SCHOOLS = [
    ("Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ", "PTDTNT THCS Ba Tơ"),
    ("Trường Tiểu học thị trấn Ba Tơ", "TH TT Ba Tơ"),
    ("Trường THCS Ba Cung", "THCS Ba Cung"),
    ("Trường Mầm non Ba Vì", "MN Ba Vì"),
    ("Trường Tiểu học và THCS Ba Xa", "TH&THCS Ba Xa"),
]
MASS_ORGS = [
    ("Ủy ban Mặt trận Tổ quốc Việt Nam huyện Ba Tơ", "UBMTTQVN huyện"),
    ("Huyện đoàn Ba Tơ", "Huyện đoàn"),
    ("Hội Liên hiệp Phụ nữ huyện Ba Tơ", "Hội LHPN huyện"),
    ("Hội Nông dân huyện Ba Tơ", "Hội Nông dân huyện"),
    ("Hội Cựu chiến binh huyện Ba Tơ", "Hội CCB huyện"),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    roles: tuple[str, ...]
    unit: str | None
    position: str
    gender: str = Gender.MALE


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "quantri",
        "Trần Minh Quân",
        (Role.ADMIN,),
        "Văn phòng HĐND và UBND huyện",
        "Chuyên viên công nghệ thông tin",
    ),
    DemoLogin("chutich", "Phạm Xuân Vinh", (Role.CHAIRMAN,), None, "Chủ tịch UBND huyện"),
    DemoLogin(
        "phochutich",
        "Đinh Thị Hồng",
        (Role.VICE_CHAIRMAN, Role.COUNCIL_MEMBER),
        None,
        "Phó Chủ tịch UBND huyện",
        Gender.FEMALE,
    ),
    DemoLogin(
        "thamdinh",
        "Nguyễn Thị Thu Hà",
        (Role.APPRAISER, Role.COUNCIL_SECRETARY),
        "Phòng Nội vụ",
        "Chuyên viên Phòng Nội vụ",
        Gender.FEMALE,
    ),
    DemoLogin(
        "hd.truongnoivu",
        "Lê Văn Hùng",
        (Role.COUNCIL_MEMBER,),
        "Phòng Nội vụ",
        "Trưởng Phòng Nội vụ",
    ),
    DemoLogin(
        "hoidong", "Phạm Văn Lực", (Role.COUNCIL_MEMBER,), "Phòng Dân tộc", "Trưởng Phòng Dân tộc"
    ),
    DemoLogin(
        "theodoi.dantoc",
        "Hồ Thị Bích",
        (Role.CLERK,),
        "Phòng Dân tộc",
        "Chuyên viên Phòng Dân tộc",
        Gender.FEMALE,
    ),
    DemoLogin(
        "canbo.bacung",
        "Đinh Văn Blưm",
        (Role.CLERK,),
        "UBND xã Ba Cung",
        "Công chức Văn phòng - Thống kê",
    ),
    DemoLogin(
        "canbo.truongdtnt",
        "Lê Thị Mai",
        (Role.CLERK,),
        "Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ",
        "Văn thư",
        Gender.FEMALE,
    ),
)


def _upsert_unit(authority: Authority, kind: UnitKind, name: str, short: str) -> Unit:
    unit = Unit.objects.filter(authority=authority, name__iexact=name).first()
    if unit is None:
        return Unit.objects.create(authority=authority, name=name, short_name=short, kind=kind)
    unit.short_name, unit.kind, unit.is_active = short, kind, True
    unit.save(update_fields=["short_name", "kind", "is_active"])
    return unit


@transaction.atomic
def load() -> list[str]:
    """Build (or refresh) the Ba Tơ world. Returns lines to print."""
    authority, _ = Authority.objects.update_or_create(name=AUTHORITY["name"], defaults=AUTHORITY)
    ensure_reference_data()
    kinds = {k.code: k for k in UnitKind.objects.all()}
    for name, short in DEPARTMENTS:
        _upsert_unit(authority, kinds["department"], name, short)
    for name, short in AGENCIES:
        _upsert_unit(authority, kinds["agency"], name, short)
    for commune in COMMUNES:
        if commune.startswith("Thị trấn"):
            _upsert_unit(authority, kinds["commune"], "UBND thị trấn Ba Tơ", "UBND TT Ba Tơ")
        else:
            _upsert_unit(authority, kinds["commune"], f"UBND xã {commune}", f"UBND xã {commune}")
    for name, short in SCHOOLS:
        _upsert_unit(authority, kinds["school"], name, short)
    for name, short in MASS_ORGS:
        _upsert_unit(authority, kinds["mass_org"], name, short)

    lines = [
        f"Cơ quan ban hành: {authority.name}",
        f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):",
    ]
    for login in DEMO_LOGINS:
        unit = Unit.objects.get(authority=authority, name=login.unit) if login.unit else None
        person, created = User.objects.get_or_create(
            username=login.username,
            defaults={"full_name": login.full_name, "authority": authority, "unit": unit},
        )
        person.full_name, person.authority, person.unit = login.full_name, authority, unit
        person.position, person.gender, person.is_active = login.position, login.gender, True
        person.email = f"{login.username}@thidua.local"
        if created or not person.check_password(DEMO_PASSWORD):
            person.set_password(DEMO_PASSWORD)
        person.save()
        setup_roles(person=person, roles=login.roles)
        role_text = ", ".join(str(Role(r).label) for r in login.roles)
        lines.append(f"  {login.username:<18} {login.full_name:<22} {role_text}")
    _set_heads(authority)
    return lines


# Who heads which unit and how he signs (Unit.head…): the head of Phòng Nội vụ issues the
# appraisal report; a commune's Chairman signs its Tờ trình on behalf of its People's Committee.
OFFICE_HEADS = {
    "Phòng Nội vụ": ("hd.truongnoivu", "", "Trưởng phòng", "", "PNV", True),
    "UBND xã Ba Cung": (None, "Đinh Văn Xinh", "Chủ tịch", "TM. ỦY BAN NHÂN DÂN", "UBND", False),
    "Trường Phổ thông Dân tộc nội trú THCS huyện Ba Tơ": (
        None,
        "Phạm Thị Lan",
        "Hiệu trưởng",
        "",
        "PTDTNT",
        False,
    ),
}


def _set_heads(authority: Authority) -> None:
    for name, (username, head_name, title, capacity, code, own) in OFFICE_HEADS.items():
        unit = Unit.objects.get(authority=authority, name=name)
        unit.head = User.objects.get(username=username) if username else None
        unit.head_name, unit.head_title, unit.head_capacity = head_name, title, capacity
        unit.document_code, unit.own_register = code, own
        unit.save(
            update_fields=[
                "head",
                "head_name",
                "head_title",
                "head_capacity",
                "document_code",
                "own_register",
            ]
        )
