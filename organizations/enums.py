from django.db import models
from django.utils.translation import gettext_lazy as _


class AuthorityLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
    COMMUNE = "commune", _("Cấp xã")


class RegisterMode(models.TextChoices):
    """How the outgoing-document register is numbered (Nghị định 30/2020, Điều 15)."""

    SHARED = "shared", _("Một dãy số chung cho mọi loại văn bản")
    PER_TYPE = "per_type", _("Mỗi loại văn bản một dãy số")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Role(models.TextChoices):
    CLERK = "clerk", _("Cán bộ đơn vị")
    APPRAISER = "appraiser", _("Cán bộ thẩm định (Phòng Nội vụ)")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký Hội đồng TĐKT")
    CHAIRMAN = "chairman", _("Chủ tịch")
    VICE_CHAIRMAN = "vice_chairman", _("Phó Chủ tịch")
    ADMIN = "admin", _("Quản trị")


# Order in which a person holding several roles lands after login.
ROLE_PRIORITY: tuple[str, ...] = (
    Role.ADMIN,
    Role.CHAIRMAN,
    Role.VICE_CHAIRMAN,
    Role.APPRAISER,
    Role.COUNCIL_SECRETARY,
    Role.COUNCIL_MEMBER,
    Role.CLERK,
)

SIGNER_ROLES: frozenset[str] = frozenset({Role.CHAIRMAN, Role.VICE_CHAIRMAN})
