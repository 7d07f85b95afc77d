from django.contrib import admin

from .models import Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "kind", "authority", "note"]
    list_filter = ["kind", "authority"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
