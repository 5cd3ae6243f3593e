from django.contrib import admin

from meervoud.knowledge.models import AnalysisRun, CurationEvent, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["key", "__str__", "narrators", "active", "curated"]
    list_filter = ["active", "curated"]
    search_fields = ["key", "label", "name"]


@admin.register(AnalysisRun)
class AnalysisRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "status", "created_at", "stories", "narrators", "themes", "outlier_share"]


admin.site.register(CurationEvent)
