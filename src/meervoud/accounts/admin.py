import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from meervoud.accounts import selectors, services
from meervoud.accounts.models import Organisation, Role, User
from meervoud.audit.models import Action
from meervoud.audit.services import record
from meervoud.stories.models import Story


class AccountCreationForm(AdminUserCreationForm):
    """The role is chosen when the account is made, never taken from the model's default: that
    default (verteller) reads the statements cut from other people's stories."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email", "role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = forms.ChoiceField(label=_("rol"), choices=[("", "---------"), *Role.choices],
                                                help_text=_("Wat deze persoon mag zien en doen."))


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Meervoud"), {"fields": ["role", "organisation", "language",
                                                                  "email_notifications"]}),)
    add_form = AccountCreationForm
    add_fieldsets = ((None, {"classes": ["wide"], "fields": ["username", "email", "role", "usable_password",
                                                             "password1", "password2"]}),)
    actions = ["download_personal_data"]

    # Who may see what follows from these: a change is proof of who gave whom access to
    # special-category data, so it goes into the append-only audit log, not only into the admin's
    # own history (which retention removes and which names no values).
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not change:
            record(request, Action.CHANGE, user, detail=f"beheer: account aangemaakt, rol: {user.role}")
            return
        changed = services.access_changes(form.initial, form.cleaned_data)
        if changed:
            record(request, Action.CHANGE, user, detail="beheer: " + "; ".join(changed))

    def user_change_password(self, request, id, form_url=""):
        """A password the administrator sets: logged like her own change, and it lifts the login
        lock (she phoned because she was locked out)."""
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and user is not None:
            user.refresh_from_db()
            if user.password != before:
                services.password_set_by_administrator(request, user)
        return response

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

    @admin.action(description=_("Gegevens downloaden (inzageverzoek)"), permissions=["change"])
    def download_personal_data(self, request, queryset):
        """Her own "Download mijn gegevens", for a request (AVG art. 15) from someone who cannot
        log in: an account switched off, a forgotten password. One person a file."""
        if queryset.count() != 1:
            self.message_user(request, _("Kies precies één account: een bestand hoort bij één persoon."),
                              messages.ERROR)
            return None
        user = queryset.get()
        data = selectors.personal_data(user)
        record(request, Action.DOWNLOAD, user, detail="inzageverzoek, gedownload door beheer")
        response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meervoud-gegevens-{user.pk}.json"'
        add_never_cache_headers(response)
        return response


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name"]


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuditedTOTPDeviceAdmin(TOTPDeviceAdmin):
    """Authenticators can be seen (without their key: OTP_ADMIN_HIDE_SENSITIVE_DATA) and deleted,
    never added or changed here: a key typed or copied in the admin would be a second factor
    nobody enrolled with a code. Deleting someone's authenticator (a lost phone,
    docs/security.md) switches their two-factor login off, so it is logged as such, with the
    administrator who did it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        if obj.confirmed:
            record(request, Action.OTP_DISABLED, obj.user, detail="beheer")

    def delete_queryset(self, request, queryset):
        gone = [device.user for device in queryset.select_related("user") if device.confirmed]
        super().delete_queryset(request, queryset)
        for user in gone:
            record(request, Action.OTP_DISABLED, user, detail="beheer")
