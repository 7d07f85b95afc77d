"""The administrator keeps the legal frame and the prize money tables (rows with dates).
Decisions are shown read-only: a state moves only through the workflow, and an issued decision
cannot be changed by any page (a correction is a new decision)."""

from django.contrib import admin

from organizations.admin import AuthorityScopedAdmin, _is_administrator

from .models import BaseSalary, Decision, DecisionLine, LegalBasis, PrizeCoefficient


class _ReferenceAdmin(admin.ModelAdmin):
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


@admin.register(LegalBasis)
class LegalBasisAdmin(_ReferenceAdmin):
    list_display = ("name", "number", "issued_on", "effective_from", "effective_to", "order")
    list_filter = ("authority",)
    search_fields = ("name", "number", "title")


@admin.register(BaseSalary)
class BaseSalaryAdmin(_ReferenceAdmin):
    list_display = ("amount", "effective_from", "legal_basis")


@admin.register(PrizeCoefficient)
class PrizeCoefficientAdmin(_ReferenceAdmin):
    list_display = ("award_form", "recipient_kind", "coefficient", "effective_from", "effective_to")
    list_filter = ("recipient_kind",)

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("award_form")
        if request.user.is_superuser:
            return qs
        return qs.filter(award_form__authority_id=request.user.authority_id)


class DecisionLineInline(admin.TabularInline):
    model = DecisionLine
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in DecisionLine._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(AuthorityScopedAdmin):
    list_display = ("pk", "number", "signed_on", "status", "purpose", "title")
    list_filter = ("status", "purpose")
    readonly_fields = [f.name for f in Decision._meta.fields]
    inlines = [DecisionLineInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
