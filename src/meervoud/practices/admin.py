from django.contrib import admin

from meervoud.practices.models import GoodPractice


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "level", "proposed_at", "reviewed_at"]
    list_filter = ["status", "level"]
    search_fields = ["title", "summary", "organisations"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["life_domains", "municipalities", "regions", "provinces", "themes"]
