from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_repr", "from_state", "to_state"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "comment", "actor__full_name"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("actor", "target_type")
        if request.user.is_superuser:
            return qs
        return qs.filter(authority=request.user.authority)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
