from django.contrib import admin

from meervoud.places.models import Municipality, Province, Region


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "region", "active"]
    list_filter = ["active", "region__province"]
    search_fields = ["name", "cbs_code"]


admin.site.register(Province)
admin.site.register(Region)
