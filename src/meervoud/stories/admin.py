from django.contrib import admin

from meervoud.stories.models import ConsentEvent, ConsentText, LifeDomain, Narrator, Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "narrator", "municipality", "told_on", "is_fictional", "source"]
    list_filter = ["is_fictional", "source", "level", "life_domains"]
    search_fields = ["title", "text"]
    readonly_fields = ["narrator", "deidentification", "content_hash", "source", "created_at"]


@admin.register(ConsentEvent)
class ConsentEventAdmin(admin.ModelAdmin):
    list_display = ["at", "narrator_code", "story_id_ref", "purpose", "action", "via"]
    list_filter = ["purpose", "action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(LifeDomain)
admin.site.register(ConsentText)
admin.site.register(Narrator)
