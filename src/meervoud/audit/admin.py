from django.contrib import admin

from meervoud.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Visible to administrators in /beheer/ too, but read-only: no add, change or delete."""

    list_display = ["at", "username", "role", "action", "object_type", "object_id"]
    list_filter = ["action", "role", "object_type"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
