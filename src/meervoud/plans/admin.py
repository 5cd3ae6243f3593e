from django.contrib import admin

from meervoud.plans.models import Action, Checklist, ChecklistItem, Plan, PlanMember, Programme


class MemberInline(admin.TabularInline):
    model = PlanMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "location", "municipality", "updated_at", "is_fictional"]
    list_filter = ["is_fictional"]
    search_fields = ["title", "location", "municipality__name"]
    inlines = [MemberInline]
    raw_id_fields = ["municipality", "created_by"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "table", "status"]
    list_filter = ["table", "status"]


class ItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["order", "group", "text", "done", "note"]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "kind"]
    list_filter = ["kind"]
    inlines = [ItemInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "kind"]
    list_filter = ["kind"]
