from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from meervoud.accounts import selectors, services
from meervoud.accounts.models import Organisation, User
from meervoud.audit.models import Action
from meervoud.audit.services import record
from meervoud.stories.models import Story


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Meervoud"), {"fields": ["role", "organisation", "language",
                                                                  "email_notifications"]}),)

    # Deleting an account here is erasing the person (a privacy officer handling a request): her
    # stories, pool profile and contact details on needs go with it, single or in bulk.
    def delete_model(self, request, obj):
        services.erase_account(obj, by=request)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.erase_account(user, by=request)

    def get_deleted_objects(self, objs, request):
        """The confirmation page also lists the stories that go with the accounts: they are not
        a database cascade, so Django would not show them."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        stories = list(selectors.stories_erased_with(objs))
        if stories:
            deleted.extend(f"{capfirst(Story._meta.verbose_name)}: {story}" for story in stories)
            counts[Story._meta.verbose_name_plural] = len(stories)
        return deleted, counts, perms_needed, protected


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name"]


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuditedTOTPDeviceAdmin(TOTPDeviceAdmin):
    """Deleting someone's authenticator (a lost phone, docs/security.md) switches their
    two-factor login off, so it is logged as such, with the administrator who did it."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        if obj.confirmed:
            record(request, Action.OTP_DISABLED, obj.user, detail="beheer")

    def delete_queryset(self, request, queryset):
        gone = [device.user for device in queryset.select_related("user") if device.confirmed]
        super().delete_queryset(request, queryset)
        for user in gone:
            record(request, Action.OTP_DISABLED, user, detail="beheer")
