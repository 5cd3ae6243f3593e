from django.contrib import admin

from meervoud.api.models import ApiToken
from meervoud.audit.models import Action
from meervoud.audit.services import record


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

    # revoking is logged however it is done (docs/api.md), here with the administrator's name
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        record(request, Action.TOKEN_REVOKED, obj.user, detail=f"1 sleutel ({obj.prefix}), beheer")

    def delete_queryset(self, request, queryset):
        gone = [(token.user, token.prefix) for token in queryset.select_related("user")]
        super().delete_queryset(request, queryset)
        for user, prefix in gone:
            record(request, Action.TOKEN_REVOKED, user, detail=f"1 sleutel ({prefix}), beheer")
