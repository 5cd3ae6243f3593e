from django.contrib import admin


class ViewOnlyAdmin(admin.ModelAdmin):
    """A record that is the trace of what people did (the audit log, a theme's history, an
    analysis run): administrators read it in /beheer/, nobody adds, changes or deletes it there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
