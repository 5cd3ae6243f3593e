from django.contrib import admin

from meervoud.audit.services import record
from meervoud.stories import services
from meervoud.stories.models import Consent, ConsentEvent, ConsentText, LifeDomain, Narrator, Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "narrator", "municipality", "told_on", "is_fictional", "source"]
    list_filter = ["is_fictional", "source", "level", "life_domains"]
    search_fields = ["title", "text"]
    readonly_fields = ["narrator", "deidentification", "content_hash", "source", "created_at"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # reading a story here is reading it: audited as on /verhalen/<id>/
        story = self.get_object(request, object_id)
        if story is not None:
            record(request, "view", story, detail="beheer")
        return super().change_view(request, object_id, form_url, extra_context)

    # A deletion here (a narrator's request handled by a privacy officer) does what the narrator's
    # own deletion does: consent withdrawn on record, the story out of every theme, cached vectors
    # and analysis, a re-analysis queued. Django's plain delete would skip all of that.
    def delete_model(self, request, obj):
        services.delete_story(obj, via="admin")

    def delete_queryset(self, request, queryset):
        for story in queryset:
            services.delete_story(story, via="admin")


@admin.register(ConsentEvent)
class ConsentEventAdmin(admin.ModelAdmin):
    list_display = ["at", "narrator_code", "story_id_ref", "purpose", "action", "via"]
    list_filter = ["purpose", "action"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    """A consent text narrators agreed to is the proof of what they agreed to: it is never
    edited; new words are a new version."""

    list_display = ["purpose", "version", "published_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not Consent.objects.filter(consent_text=obj).exists()

    def has_delete_permission(self, request, obj=None):
        return obj is not None and not Consent.objects.filter(consent_text=obj).exists()


admin.site.register(LifeDomain)


@admin.register(Narrator)
class NarratorAdmin(admin.ModelAdmin):
    list_display = ["code", "created_at"]
    search_fields = ["code"]

    # Deleting a narrator deletes their stories: each as the narrator's own deletion would (see
    # StoryAdmin), not through the database's cascade, which would leave themes counting them.
    def delete_model(self, request, obj):
        for story in obj.stories.all():
            services.delete_story(story, via="admin")
        obj.delete()

    def delete_queryset(self, request, queryset):
        for narrator in queryset:
            self.delete_model(request, narrator)
