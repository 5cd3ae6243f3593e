from django.contrib import admin

from meervoud.audit.models import AuditEvent
from meervoud.core.admin import ViewOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ViewOnlyAdmin):
    list_display = ["at", "username", "role", "action", "object_type", "object_id"]
    list_filter = ["action", "role", "object_type"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"
