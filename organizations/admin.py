from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from .enums import Role
from .models import Authority, Ethnicity, EthnicityAlias, RoleAssignment, Unit, UnitKind, User
from .services import set_roles, set_unit_head_fields

admin.site.site_header = _("Quản trị hệ thống Thi đua - Khen thưởng")
admin.site.site_title = _("Quản trị Thi đua - Khen thưởng")
admin.site.index_title = _("Danh mục và người dùng")


def _is_administrator(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and (user.is_superuser or user.has_role(Role.ADMIN))


admin.site.has_permission = _is_administrator  # type: ignore[method-assign]


class AuthorityScopedAdmin(admin.ModelAdmin):
    """Administrators of one authority see and edit only that authority's rows."""

    authority_field = "authority"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{self.authority_field: request.user.authority_id})

    def has_module_permission(self, request) -> bool:
        return _is_administrator(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_administrator(request)

    def has_add_permission(self, request) -> bool:
        return _is_administrator(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return _is_administrator(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            model = db_field.related_model
            if model is Authority:
                kwargs["queryset"] = Authority.objects.filter(pk=request.user.authority_id)
            elif model is Unit:
                kwargs["queryset"] = Unit.objects.filter(authority_id=request.user.authority_id)
            elif model is User:
                kwargs["queryset"] = User.objects.filter(authority_id=request.user.authority_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Authority)
class AuthorityAdmin(AuthorityScopedAdmin):
    authority_field = "pk"
    list_display = ["name", "level", "place_name", "document_code", "register_mode"]
    search_fields = ["name", "short_name"]

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]

    def has_module_permission(self, request) -> bool:
        return _is_administrator(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_administrator(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    has_add_permission = has_delete_permission = lambda self, request, obj=None: (
        request.user.is_superuser
    )


class EthnicityAliasInline(admin.TabularInline):
    """Other names of the group: administrators of any authority add the local ones."""

    model = EthnicityAlias
    fields = ["name"]
    extra = 1

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_administrator(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Ethnicity)
class EthnicityAdmin(UnitKindAdmin):
    list_display = ["code", "name", "other_names"]
    search_fields = ["name", "code", "aliases__name"]
    inlines = [EthnicityAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    @admin.display(description=_("tên gọi khác"))
    def other_names(self, obj: Ethnicity) -> str:
        return ", ".join(a.name for a in obj.aliases.all())

    def has_change_permission(self, request, obj=None) -> bool:
        # The official names and codes stay read-only; the change page edits the other names.
        return _is_administrator(request)

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser and obj is None else ["code", "name"]


@admin.register(EthnicityAlias)
class EthnicityAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "ethnicity"]
    list_select_related = ["ethnicity"]
    search_fields = ["name", "ethnicity__name"]
    list_filter = ["ethnicity"]

    def has_module_permission(self, request) -> bool:
        return _is_administrator(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_administrator(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Unit)
class UnitAdmin(AuthorityScopedAdmin):
    list_display = ["name", "short_name", "kind", "head_title", "head", "authority", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    list_select_related = ["kind", "authority", "head"]
    raw_id_fields = ["head"]
    fieldsets = [
        (None, {"fields": ["authority", "name", "short_name", "kind", "parent", "email"]}),
        (
            _("Người đứng đầu và văn bản của đơn vị"),
            {
                "fields": [
                    "head",
                    "head_name",
                    "head_title",
                    "head_capacity",
                    "document_code",
                    "own_register",
                    "place_name",
                ]
            },
        ),
        (None, {"fields": ["is_active"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        """Who heads a unit decides who issues its documents: every change is audited."""
        set_unit_head_fields(actor=request.user, unit=obj, changed=form.changed_data)


class RoleInlineFormSet(BaseInlineFormSet):
    """The rules of organizations.services.set_roles, checked before anything is saved."""

    def clean(self) -> None:
        super().clean()
        roles = {
            form.cleaned_data["role"]
            for form in self.forms
            if form.cleaned_data.get("role") and not form.cleaned_data.get("DELETE")
        }
        if Role.CLERK in roles and self.instance.unit_id is None:
            raise ValidationError(_("Cán bộ đơn vị phải thuộc một đơn vị."))


class RoleInline(admin.TabularInline):
    """A person's roles. Administrators of an authority manage the roles of its people (the
    parent UserAdmin only shows those); each added, changed or removed row is audited by the
    model layer with the administrator as actor (organizations/role_audit.py)."""

    model = RoleAssignment
    formset = RoleInlineFormSet
    extra = 1

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_administrator(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return _is_administrator(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return _is_administrator(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _is_administrator(request)


@admin.register(User)
class UserAdmin(BaseUserAdmin, AuthorityScopedAdmin):
    list_display = ["username", "full_name", "unit", "authority", "is_active"]
    list_filter = ["is_active", "role_assignments__role"]
    search_fields = ["username", "full_name", "email"]
    list_select_related = ["unit", "authority"]
    inlines = [RoleInline]
    add_form_template = "admin/organizations/user/add_form.html"
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Thông tin cá nhân"),
            {"fields": ("full_name", "gender", "email", "phone", "position")},
        ),
        (_("Nơi công tác"), {"fields": ("authority", "unit")}),
        (_("Trạng thái"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "email",
                    "authority",
                    "unit",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        person = form.instance
        # The inline has saved (and the model layer audited) each row; the service then keeps
        # is_staff in line with the final role set, and finds nothing more to audit.
        set_roles(
            actor=request.user,
            person=person,
            roles=person.role_assignments.values_list("role", flat=True),
        )
