from django.contrib import admin, messages
from django.utils.translation import gettext as _

from meervoud.audit.services import record
from meervoud.stories import services
from meervoud.stories.models import Consent, ConsentEvent, ConsentText, LifeDomain, Narrator, Story
from meervoud.stories.views import removed_summary


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

    # Stories come in through intake, import or the API, which de-identify them and record the
    # narrator's consent; one typed in here would have neither.
    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        """A correction here (a narrator's request, AVG art. 16) does what her own correction
        does (services.correct_story): de-identified again, the old sentences out of the
        analysis. Logged with the fields' names, never their content."""
        words = {name: form.cleaned_data[name] for name in services.WORDS if name in form.changed_data}
        stored = Story.objects.only(*services.WORDS).get(pk=obj.pk)
        for name in words:  # the service compares them with what was stored, and stores them
            setattr(obj, name, getattr(stored, name))
        super().save_model(request, obj, form, change)
        correction = services.correct_story(obj, via="admin", **words)
        if form.changed_data:
            record(request, "change", obj, detail="beheer: " + ", ".join(form.changed_data))
        if correction.counts:
            self.message_user(request, _("In de nieuwe tekst zijn gegevens vervangen die naar iemand "
                                         "kunnen leiden: %(removed)s. Kijk of de tekst nog klopt.")
                              % {"removed": removed_summary(correction.counts)}, messages.WARNING)

    # A deletion here (a narrator's request handled by a privacy officer) does what the narrator's
    # own deletion does: consent withdrawn on record, the story out of every theme, cached vectors
    # and analysis, a re-analysis queued. Django's plain delete would skip all of that. The
    # consent record says only "admin"; the audit log says who.
    def delete_model(self, request, obj):
        _delete_on_record(request, obj)

    def delete_queryset(self, request, queryset):
        for story in queryset:
            _delete_on_record(request, story)


def _delete_on_record(request, story: Story) -> None:
    story_id = story.pk
    services.delete_story(story, via="admin")
    record(request, "story-deleted", Story, story_id, detail="beheer")


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
            _delete_on_record(request, story)
        obj.delete()

    def delete_queryset(self, request, queryset):
        for narrator in queryset:
            self.delete_model(request, narrator)
