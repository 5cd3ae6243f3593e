from django.contrib import admin

from meervoud.core.admin import ViewOnlyAdmin
from meervoud.knowledge.models import AnalysisRun, CurationEvent, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["key", "__str__", "narrators", "active", "curated"]
    list_filter = ["active", "curated"]
    search_fields = ["key", "label", "name"]
    # What the Kennisbank publishes passes two peer experts on the theme page (curation), the
    # administrator's words too: here it can be read, not changed past them.
    readonly_fields = ["label", "keywords", "name", "name_draft", "name_written_by", "insight",
                       "insight_draft", "insight_written_by", "validated_at", "validated_by"]


# A run's status and figures are what the analysis found; a theme's history is what peer
# experts did (four eyes are read from it): neither is edited past them.
@admin.register(AnalysisRun)
class AnalysisRunAdmin(ViewOnlyAdmin):
    list_display = ["pk", "status", "created_at", "stories", "narrators", "themes", "outlier_share"]


@admin.register(CurationEvent)
class CurationEventAdmin(ViewOnlyAdmin):
    list_display = ["at", "theme", "action", "user"]
    list_filter = ["action"]
