from django.contrib import admin
from django.db import models

from meervoud.teaching.models import Contribution


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default
    list_display = ["title", "kind", "assignment", "author", "status", "created_at"]
    list_filter = ["status", "kind", "assignment"]
    search_fields = ["title", "text"]
    raw_id_fields = ["author", "moderated_by"]
