"""The council in the Django admin (the app's own pages are /hoi-dong/quan-ly/). Sessions are
read-only here: their state moves only through council.services."""

from django.contrib import admin

from .models import Council, CouncilMembership, CouncilSession, VotingRule


class MembershipInline(admin.TabularInline):
    model = CouncilMembership
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "authority", "decision_number", "decision_date", "is_active")
    inlines = [MembershipInline]


@admin.register(VotingRule)
class VotingRuleAdmin(admin.ModelAdmin):
    list_display = ("authority", "award_form", "method", "comparison", "share_percent", "base")


@admin.register(CouncilSession)
class CouncilSessionAdmin(admin.ModelAdmin):
    list_display = ("title", "council", "meeting_at", "status")
    readonly_fields = [f.name for f in CouncilSession._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
