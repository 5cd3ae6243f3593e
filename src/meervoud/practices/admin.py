from django.contrib import admin
from django.db import models

from meervoud.practices.models import EarlierDecision, GoodPractice


class EarlierDecisionInline(admin.TabularInline):
    """Read only: the history is what coordinators said, not something to tidy up afterwards."""

    model = EarlierDecision
    extra = 0
    can_delete = False
    fields = readonly_fields = ["decided_at", "decision", "decided_by", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GoodPractice)
class GoodPracticeAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default
    list_display = ["title", "status", "level", "proposed_at", "reviewed_at"]
    list_filter = ["status", "level"]
    search_fields = ["title", "summary", "organisations"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["life_domains", "municipalities", "regions", "provinces", "themes"]
    inlines = [EarlierDecisionInline]
    # A decision is made on the review page (practices.services), which keeps the one before it
    # in the history and asks for a reason; here it can only be read.
    DECISION = ["status", "rejection_reason", "reviewed_by", "reviewed_at"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(self.DECISION if obj else [])]
