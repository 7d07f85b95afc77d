from django.contrib import admin

from organizations.admin import AuthorityScopedAdmin

from .models import AwardForm


@admin.register(AwardForm)
class AwardFormAdmin(AuthorityScopedAdmin):
    """Award forms are reference data per authority; campaigns are managed in the app itself,
    whose services own every status change."""

    list_display = ("name", "code", "recipient_kind", "is_upward_proposal", "order")
    list_filter = ("recipient_kind", "is_upward_proposal")
    search_fields = ("name", "code")
