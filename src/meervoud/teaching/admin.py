from django.contrib import admin

from meervoud.teaching.models import Contribution


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "assignment", "author", "status", "created_at"]
    list_filter = ["status", "kind", "assignment"]
    search_fields = ["title", "text"]
    raw_id_fields = ["author", "moderated_by"]
