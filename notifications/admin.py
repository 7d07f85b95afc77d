from django.contrib import admin

from .models import Notification, OutboxMessage


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "verb", "title", "read_at", "emailed_at"]
    list_filter = ["verb"]
    search_fields = ["title", "recipient__full_name"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """For operators: what is waiting, what failed and why. Read-only."""

    list_display = ["created_at", "task_name", "args", "attempts", "dispatched_at", "done_at"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "task_name"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
