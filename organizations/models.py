from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .enums import SIGNER_ROLES, AuthorityLevel, Gender, RegisterMode, Role
from .vietnamese import lookup_key


class Authority(models.Model):
    """An issuing authority (cơ quan ban hành), e.g. UBND huyện Ba Tơ. Everything is scoped to one."""

    name = models.CharField(_("tên đầy đủ"), max_length=255, unique=True)
    short_name = models.CharField(_("tên ngắn"), max_length=120)
    level = models.CharField(_("cấp"), max_length=16, choices=AuthorityLevel.choices)
    header_name = models.CharField(
        _("tên in ở tiêu đề văn bản"),
        max_length=255,
        help_text=_("Ví dụ: ỦY BAN NHÂN DÂN HUYỆN BA TƠ. Xuống dòng bằng phím Enter."),
    )
    parent_header_name = models.CharField(
        _("tên cơ quan chủ quản in ở tiêu đề"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: UBND TỈNH QUẢNG NGÃI. Để trống nếu không có."),
    )
    place_name = models.CharField(
        _("địa danh ghi ngày tháng"), max_length=80, help_text=_("Ví dụ: Ba Tơ")
    )
    document_code = models.CharField(
        _("chữ viết tắt tên cơ quan"), max_length=20, default="UBND", help_text=_("Ví dụ: UBND")
    )
    register_mode = models.CharField(
        _("cách đánh số văn bản đi"),
        max_length=16,
        choices=RegisterMode.choices,
        default=RegisterMode.SHARED,
    )
    processing_working_days = models.PositiveSmallIntegerField(
        _("thời hạn thẩm định (ngày làm việc)"), default=20
    )
    warning_working_days = models.PositiveSmallIntegerField(
        _("cảnh báo sắp đến hạn trước (ngày làm việc)"), default=3
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    two_factor_required = models.BooleanField(
        _("bắt buộc xác thực hai lớp cho người ký và thành viên Hội đồng"),
        default=False,
        help_text=_(
            "Người ký duyệt và thành viên Hội đồng phải nhập mã từ ứng dụng xác thực (TOTP) "
            "sau khi đăng nhập mới được ký."
        ),
    )

    class Meta:
        verbose_name = _("cơ quan ban hành")
        verbose_name_plural = _("cơ quan ban hành")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def officers(self, role: str) -> models.QuerySet[User]:
        return User.objects.filter(authority=self, role_assignments__role=role, is_active=True)

    @property
    def chairman(self) -> User | None:
        return self.officers(Role.CHAIRMAN).first()

    @property
    def vice_chairmen(self) -> models.QuerySet[User]:
        return self.officers(Role.VICE_CHAIRMAN)


class UnitKind(models.Model):
    """Reference data: agency, department, commune, school, mass organisation…"""

    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên loại"), max_length=120)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("loại đơn vị")
        verbose_name_plural = _("loại đơn vị")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A participating unit (cơ quan, đơn vị, phòng ban, UBND xã, trường học, đoàn thể)."""

    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("cơ quan ban hành"),
    )
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120)
    kind = models.ForeignKey(
        UnitKind, on_delete=models.PROTECT, related_name="units", verbose_name=_("loại đơn vị")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # Who heads the unit, and how he signs: printed on the unit's own documents (its Tờ trình,
    # the confirmation of an achievement report) and, for an office such as Phòng Nội vụ, the
    # person who issues its documents (the appraisal report) in the app.
    head = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        verbose_name=_("tài khoản người đứng đầu"),
        help_text=_("Người đứng đầu có tài khoản: người ban hành văn bản của đơn vị."),
    )
    head_name = models.CharField(
        _("họ và tên người đứng đầu"),
        max_length=150,
        blank=True,
        help_text=_("In dưới chữ ký khi người đứng đầu không có tài khoản."),
    )
    head_title = models.CharField(
        _("chức danh người đứng đầu"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ: Trưởng phòng, Chủ tịch, Hiệu trưởng."),
    )
    head_capacity = models.CharField(
        _("thẩm quyền ký"),
        max_length=120,
        blank=True,
        help_text=_("Dòng trên chức danh, ví dụ: TM. ỦY BAN NHÂN DÂN. Để trống nếu ký trực tiếp."),
    )
    document_code = models.CharField(
        _("chữ viết tắt tên đơn vị"),
        max_length=12,
        blank=True,
        help_text=_("Dùng trong ký hiệu văn bản, ví dụ: PNV trong BC-PNV."),
    )
    own_register = models.BooleanField(
        _("có dãy số văn bản đi riêng"),
        default=False,
        help_text=_(
            "Văn bản đơn vị ban hành được đánh số theo dãy số riêng của đơn vị trong sổ văn "
            "bản đi của cơ quan (theo quyết định của người đứng đầu cơ quan)."
        ),
    )
    place_name = models.CharField(
        _("địa danh ghi ngày tháng"),
        max_length=80,
        blank=True,
        help_text=_("Ví dụ: Ba Cung. Để trống: lấy theo tên đơn vị hoặc địa danh của cơ quan."),
    )

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["kind__order", "name"]
        constraints = [
            models.UniqueConstraint(
                "authority", Lower("name"), name="unit_name_unique_per_authority"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def head_display_name(self) -> str:
        """The head's name as printed under a signature ("" when nobody is recorded)."""
        if self.head_id and self.head.full_name:
            return self.head.full_name
        return self.head_name.strip()

    @property
    def place(self) -> str:
        """The place name in the unit's dates: its own, else from its name ("UBND xã Ba Cung" →
        "Ba Cung"), else the authority's."""
        if self.place_name.strip():
            return self.place_name.strip()
        for prefix in _PLACE_PREFIXES:
            if self.name.lower().startswith(prefix):
                rest = self.name[len(prefix) :].strip()
                if rest:
                    return rest
        return self.authority.place_name


_PLACE_PREFIXES = tuple(
    p.lower()
    for p in (
        "Ủy ban nhân dân xã ",
        "Ủy ban nhân dân phường ",
        "Ủy ban nhân dân thị trấn ",
        "Ủy ban nhân dân đặc khu ",
        "UBND xã ",
        "UBND phường ",
        "UBND thị trấn ",
        "UBND đặc khu ",
    )
)


class Ethnicity(models.Model):
    """Danh mục các dân tộc Việt Nam (General Statistics Office codes 01–54)."""

    code = models.CharField(_("mã"), max_length=2, unique=True)
    name = models.CharField(_("tên dân tộc"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("dân tộc")
        verbose_name_plural = _("dân tộc")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class EthnicityAlias(models.Model):
    """Another name a group is commonly known by ("Ca Dong" for Xơ-đăng), matched by the nominee
    form and the Excel import. Reference data an administrator extends in the admin."""

    ethnicity = models.ForeignKey(
        Ethnicity, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("dân tộc")
    )
    name = models.CharField(_("tên gọi khác"), max_length=60)
    key = models.CharField(max_length=60, unique=True, editable=False)

    class Meta:
        verbose_name = _("tên gọi khác của dân tộc")
        verbose_name_plural = _("tên gọi khác của dân tộc")
        ordering = ["ethnicity__code", "name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.ethnicity.name}"

    def save(self, *args, **kwargs) -> None:
        self.key = lookup_key(self.name)[:60]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        key = lookup_key(self.name)
        if not key:
            raise ValidationError({"name": _("Vui lòng nhập tên gọi khác.")})
        official = [e for e in Ethnicity.objects.all() if lookup_key(e.name) == key]
        if official and official[0].pk != self.ethnicity_id:
            raise ValidationError(
                {
                    "name": _("“%(name)s” là tên của dân tộc %(other)s.")
                    % {"name": self.name, "other": official[0].name}
                }
            )
        taken = EthnicityAlias.objects.filter(key=key).exclude(pk=self.pk).first()
        if taken is not None:
            raise ValidationError(
                {
                    "name": _("Tên gọi “%(name)s” đã dùng cho dân tộc %(other)s.")
                    % {"name": self.name, "other": taken.ethnicity.name}
                }
            )


class UserQuerySet(models.QuerySet["User"]):
    """Bulk writes that change a person's scope or superuser flag are audited like save()
    (organizations/role_audit.py; save() is covered by signals, bulk_update() goes through
    update())."""

    def update(self, **kwargs) -> int:
        from . import role_audit

        if not role_audit.WATCHED_USER_NAMES & set(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            before = role_audit.user_states(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            role_audit.record_user_state_changes(before)
        return count

    def bulk_create(self, objs, *args, **kwargs) -> list[User]:
        from . import role_audit

        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            for person in created:
                if person.is_superuser and person.pk is not None:
                    role_audit.record_grant(person, role_audit.SUPERUSER)
        return created


class UserManager(AuthUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    # Data migrations get a plain manager: they must not write audit entries from models of
    # another time.
    use_in_migrations = False


class User(AbstractUser):
    """A person who logs in. Roles are rows of RoleAssignment; one person may hold several.

    Changes of roles, authority, unit, active and superuser flags are audited wherever they are
    made (organizations/role_audit.py, docs/audit.md).
    """

    full_name = models.CharField(_("họ và tên"), max_length=150)
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("cơ quan ban hành"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("đơn vị công tác"),
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    gender = models.CharField(_("giới tính"), max_length=8, choices=Gender.choices, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    REQUIRED_FIELDS = ["email", "full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["full_name", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()

    def save(self, *args, **kwargs) -> None:
        # One transaction with the audit entry its signals write.
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.pk or not self.is_active:
            return frozenset()
        return frozenset(self.role_assignments.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_signer(self) -> bool:
        return bool(self.roles & SIGNER_ROLES)


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    """Bulk writes of roles are audited like save() and delete() (organizations/role_audit.py;
    those, and a queryset's delete(), are covered by signals; bulk_update() goes through
    update())."""

    def bulk_create(self, objs, *args, **kwargs) -> list[RoleAssignment]:
        from . import role_audit

        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
                users = {o.user_id for o in objs}
                before = role_audit.roles_by_user(users)
                created = super().bulk_create(objs, *args, **kwargs)
                role_audit.record_role_differences(before, role_audit.roles_by_user(users))
            else:
                created = super().bulk_create(objs, *args, **kwargs)
                for assignment in created:
                    role_audit.record_grant(assignment.user_id, assignment.role)
        return created

    def update(self, **kwargs) -> int:
        from . import role_audit

        if not role_audit.WATCHED_ROLE_NAMES & set(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            users = set(self.values_list("user_id", flat=True))
            new_user = kwargs.get("user", kwargs.get("user_id"))
            if new_user is not None:
                users.add(getattr(new_user, "pk", new_user))
            before = role_audit.roles_by_user(users)
            count = super().update(**kwargs)
            role_audit.record_role_differences(before, role_audit.roles_by_user(users))
        return count


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("người dùng"),
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique"),
        ]

    def __str__(self) -> str:
        return self.get_role_display()

    def save(self, *args, **kwargs) -> None:
        # One transaction with the audit entry its signals write.
        with transaction.atomic(using=kwargs.get("using"), savepoint=False):
            super().save(*args, **kwargs)
