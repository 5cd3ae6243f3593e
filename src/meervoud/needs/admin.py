from django.contrib import admin

from meervoud.needs.models import InformationNeed


@admin.register(InformationNeed)
class InformationNeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "municipality", "status", "urgency", "created_at"]
    list_filter = ["status", "urgency"]
    search_fields = ["questions", "municipality__name"]
    filter_horizontal = ["life_domains"]
    raw_id_fields = ["joined_to"]  # a select of every question would grow with the network
