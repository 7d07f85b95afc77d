from django.contrib import admin

from organizations.admin import AuthorityScopedAdmin

from .models import RegisterEntry, RenderedDocument, RenderJob


@admin.register(RegisterEntry)
class RegisterEntryAdmin(AuthorityScopedAdmin):
    list_display = ("year", "series", "number", "symbol", "issued_on", "title")
    list_filter = ("year", "doc_type")
    readonly_fields = [f.name for f in RegisterEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RenderedDocument)
class RenderedDocumentAdmin(AuthorityScopedAdmin):
    list_display = ("kind", "object_id", "filename", "page_count", "sha256", "created_at")
    list_filter = ("kind",)
    readonly_fields = [f.name for f in RenderedDocument._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RenderJob)
class RenderJobAdmin(AuthorityScopedAdmin):
    list_display = ("pk", "kind", "object_id", "status", "attempts", "created_at", "finished_at")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in RenderJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
