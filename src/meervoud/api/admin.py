from django.contrib import admin

from meervoud.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators see who holds a key and when it was last used, and can revoke it (delete);
    new keys come only from ``meervoud api_token``, which shows the key once."""

    list_display = ["user", "prefix", "created_at", "expires_at", "last_used_at"]
    list_filter = ["expires_at"]
    search_fields = ["user__username", "prefix"]
    readonly_fields = ["user", "prefix", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
