"""The narrator's own pages: her stories and consents behind her personal link or her account,
where she gives or takes back consent, corrects or deletes a story, and downloads what is kept."""

import copy

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from meervoud.accounts.permissions import CapabilityRequiredMixin
from meervoud.audit.services import record
from meervoud.core.forms import posted_pk
from meervoud.engine.text import content_hash
from meervoud.stories import services
from meervoud.stories.forms import CorrectionForm
from meervoud.stories.models import Narrator, Purpose, Story
from meervoud.stories.selectors import (active_purposes, current_consent_texts, held_about,
                                        kept_without_consent_until, narrator_by_link)
from meervoud.stories.uses import quoted_sentences, themes_used
from meervoud.stories.views import ALREADY_TOLD, StoryIntakeView, link_in_language, removed_summary


def _narrator_by_link(token: str) -> Narrator:
    narrator = narrator_by_link(token)
    if narrator is None:
        raise Http404
    return narrator


def _without_link(request, token: str):
    """The request as the audit log may keep it: its path without the personal link, which is
    the key to her stories (the log is read by coordinators and kept for years)."""
    logged = copy.copy(request)
    logged.path = request.path.replace(token, "…")
    return logged


def _correction_form(story: Story, data=None) -> CorrectionForm:
    # one form per story on the page: its own field ids
    return CorrectionForm(data, story=story, auto_id=f"id_%s_{story.pk}")


class NarratorPage(View):
    """The narrator's own page: her stories and her consents, where she gives or takes back
    consent, corrects or deletes a story and downloads what is kept. One page behind two doors
    (the subclasses): her personal link, and her account. Each door keeps its buttons and its
    download behind itself, so that after logging out no address of the account door in the
    browser's history opens her stories (a shared computer at a shelter)."""

    via = ""  # the door, as the consent history and the erasure ledger name it
    signed_in = False

    def narrator(self) -> Narrator | None:
        raise NotImplementedError

    def page_url(self) -> str:
        """Where the page is: its buttons post here and come back here."""
        raise NotImplementedError

    def data_url(self, narrator: Narrator) -> str:
        raise NotImplementedError

    def tell_url(self) -> str:
        """Where she tells another story that is stored under her own pseudonym."""
        raise NotImplementedError

    def logged(self, request):
        """The request as the audit log may keep it."""
        return request

    def get(self, request, **kwargs):
        return self._page(request, self.narrator())

    def _page(self, request, narrator: Narrator | None, invalid: CorrectionForm | None = None, story_id=None):
        """``invalid``: the correction of story ``story_id`` that could not be stored, shown with
        what she typed and why."""
        # her consents read with her stories: the purposes and the keeping date of each story
        # come from these rows, not from a query per story
        own = list(narrator.stories.prefetch_related("consents")) if narrator else []
        stories = [(story, active_purposes(story),
                    invalid if story.pk == story_id else _correction_form(story))
                   for story in own]
        # what became of each story, as her download says it (uses): the thanks page promised
        # she could see what her story is used for
        used = themes_used([story.pk for story in own]) if own else {}
        quoted = quoted_sentences([story.pk for story in own]) if own else {}
        for story, active, _form in stories:
            story.kept_until = None if active else kept_without_consent_until(story)
            story.used_in = list(dict.fromkeys(used.get(story.pk, [])))  # a name once
            story.quoted = quoted.get(story.pk, [])
        texts = current_consent_texts()
        # "Toestemming geven" here is consent to these words: the page shows them
        purposes = [(value, label, texts[value].text if value in texts else "")
                    for value, label in Purpose.choices]
        return render(request, "stories/my_story.html", {
            "narrator": narrator, "stories": stories, "purposes": purposes, "invalid": invalid,
            "data_url": self.data_url(narrator) if narrator else None, "signed_in": self.signed_in,
            "tell_url": self.tell_url() if narrator else None,
        })

    def _correct(self, request, narrator, story):
        form = _correction_form(story, request.POST)
        if not form.is_valid():
            return self._page(request, narrator, invalid=form, story_id=story.pk)
        correction = services.correct_story(story, via=self.via, **form.words())
        if not correction.fields:
            messages.info(request, _("Je hebt niets veranderd. Je verhaal is hetzelfde gebleven."))
            return redirect(self.page_url())
        record(self.logged(request), "change", story, detail="verteller: " + ", ".join(correction.fields))
        messages.success(request, _("Je verhaal is aangepast. Zinnen die je hebt weggehaald, "
                                    "gebruiken we niet meer."))
        if correction.counts:
            messages.info(request, _("We hebben weer gegevens weggehaald die naar jou kunnen leiden: "
                                     "%(removed)s. Kijk of je verhaal zo klopt.")
                          % {"removed": removed_summary(correction.counts)})
        return redirect(self.page_url())

    def _new_link(self, request, narrator: Narrator | None):
        """Someone else found her link (a note, a shared computer's history): a new one, shown
        once on its own page, and the old one opens nothing from now on."""
        if narrator is None:  # her account, no story told yet: there is no link to replace
            messages.error(request, _("Dat kon niet. Probeer het opnieuw."))
            return redirect(self.page_url())
        logged = self.logged(request)  # made now: the path still holds the old link
        token = services.issue_personal_link(narrator)
        record(logged, "change", narrator, detail="nieuwe persoonlijke link (verteller)")
        # only until the page right after this shows it, which takes it out again
        request.session[NEW_LINK_SESSION] = token
        return redirect("stories:new_link")

    def post(self, request, **kwargs):
        narrator = self.narrator()
        if request.POST.get("action") == "new_link":
            return self._new_link(request, narrator)
        # a second click or a second tab: the story may be gone already. Said on the page, not
        # as a 404, which the server would log with the (still working) personal link in it.
        try:
            story = (Story.objects.filter(pk=posted_pk(request, "story"), narrator=narrator).first()
                     if narrator else None)
        except Http404:
            story = None
        if story is None:
            messages.error(request, _("Dit verhaal is er niet meer, of de knop hoorde bij een oudere pagina."))
            return redirect(self.page_url())
        action = request.POST.get("action")
        purpose = request.POST.get("purpose")
        if action == "correct":
            return self._correct(request, narrator, story)
        if action == "delete" and not request.POST.get("confirm"):
            messages.error(request, _("Vink eerst aan dat je dit verhaal echt helemaal wilt verwijderen."))
        elif action == "delete":
            services.delete_story(story, via=self.via)
            messages.success(request, _("Je verhaal is verwijderd. Het wordt nergens meer gebruikt."))
        elif action == "withdraw" and purpose in Purpose.values:
            services.withdraw_consent(story, purpose, via=self.via)
            messages.success(request, _("Je toestemming is ingetrokken."))
            if purpose == Purpose.ANALYSIS and Purpose.QUOTE in active_purposes(story):
                messages.info(request, _("Zonder analyse worden er ook geen zinnen uit je verhaal geciteerd."))
        elif action == "give" and purpose in Purpose.values:
            services.give_consent(story, purpose, via=self.via)
            messages.success(request, _("Je toestemming is opgeslagen."))
            if purpose == Purpose.QUOTE and Purpose.ANALYSIS not in active_purposes(story):
                messages.info(request, _("Citeren gebeurt pas als je ook toestemming geeft voor analyse: "
                                         "de citaten komen uit de analyse."))
        else:
            messages.error(request, _("Dat kon niet. Probeer het opnieuw."))
        return redirect(self.page_url())


@method_decorator(never_cache, name="dispatch")
class MyStoryView(NarratorPage):
    """Her page behind the personal link: for whoever has the link, without an account."""

    via = "link"

    def narrator(self) -> Narrator:
        return _narrator_by_link(self.kwargs["token"])

    def page_url(self) -> str:
        return reverse("stories:my_story", args=[self.kwargs["token"]])

    def data_url(self, narrator: Narrator) -> str:
        # the key from the address she came by: the database keeps only its digest
        return reverse("stories:my_data", args=[self.kwargs["token"]])

    def tell_url(self) -> str:
        return reverse("stories:tell_another", args=[self.kwargs["token"]])

    def logged(self, request):
        return _without_link(request, self.kwargs["token"])


@method_decorator(never_cache, name="dispatch")
class AnotherStoryView(StoryIntakeView):
    """Another story told from her page behind the personal link: under her own pseudonym, so
    that she counts as one narrator behind a theme and finds it on the same page. Both steps
    post to this address (the link in it, as on her page: never in the session, the audit log
    or a page's Referer to other sites, which SECURE_REFERRER_POLICY keeps to this site).
    Nothing is asked about whose story it is: the link is hers."""

    def dispatch(self, request, *args, **kwargs):
        self.owner = _narrator_by_link(kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    heading = gettext_lazy("Vertel nog een verhaal")

    def intake_url(self) -> str:
        return reverse("stories:tell_another", args=[self.kwargs["token"]])

    def page_url(self) -> str:
        return reverse("stories:my_story", args=[self.kwargs["token"]])

    def offers_for_someone_else(self, request) -> bool:
        return False

    def consent_via(self, request, for_someone_else: bool) -> str:
        return MyStoryView.via

    @staticmethod
    def _limited(user, for_someone_else: bool = False) -> bool:
        # no new pseudonym: the hourly limit keeps a script from making a theme look carried by
        # many narrators, and her stories are one narrator
        return False

    def _narrator(self, request, for_someone_else: bool) -> tuple[Narrator, bool]:
        # locked: the same story sent from two tabs at once is checked one after the other
        return Narrator.objects.select_for_update().get(pk=self.owner.pk), True

    def _sent_before(self, request, text: str) -> Story | None:
        # only her own: the session may hold a story someone else told on this computer
        told = super()._sent_before(request, text)
        return told if told is not None and told.narrator_id == self.owner.pk else None

    def _to_thanks(self, request, story: Story, text: str):
        """Back to her page, where the new story is: she has her link, nothing new to show."""
        request.session["last_told"] = [content_hash(text), story.pk]
        messages.success(request, _("Bedankt voor je verhaal. Je vindt het hieronder, bij je andere verhalen."))
        return redirect(self.page_url())

    def _sent_again(self, request, story: Story | None, text: str, *, link_shown: bool):
        if story is not None and story.narrator_id == self.owner.pk:
            messages.info(request, ALREADY_TOLD)
            return redirect(self.page_url())
        return super()._sent_again(request, story, text, link_shown=link_shown)


@method_decorator(never_cache, name="dispatch")
class MyStoriesView(CapabilityRequiredMixin, NarratorPage):
    """Her page behind her account, at its own address: not a redirect to her personal link,
    which opens without a login and would stay in the browser's history after she logged out."""

    capability = "stories.view_own"
    via = "account"
    signed_in = True

    def narrator(self) -> Narrator | None:
        return Narrator.objects.filter(user=self.request.user).first()

    def page_url(self) -> str:
        return reverse("stories:mine")

    def data_url(self, narrator: Narrator) -> str:
        return reverse("stories:my_data_signed_in")

    def tell_url(self) -> str:
        return reverse("stories:intake")  # her account's stories go under her own pseudonym


def _her_data(logged_request, narrator: Narrator):
    """Everything held with her stories, as a file to keep (AVG art. 15 and 20)."""
    response = JsonResponse(held_about(narrator), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="meervoud-mijn-gegevens-{timezone.localdate().isoformat()}.json"')
    record(logged_request, "download", narrator, detail="eigen gegevens (verteller)")
    return response


@never_cache  # her whole story: not for a shared computer's cache
def my_data(request, token):
    """Her download behind the personal link."""
    narrator = _narrator_by_link(token)
    return _her_data(_without_link(request, token), narrator)


@method_decorator(never_cache, name="dispatch")
class MyDataSignedInView(CapabilityRequiredMixin, View):
    """Her download behind her account (see MyStoriesView)."""

    capability = "stories.view_own"

    def get(self, request):
        narrator = Narrator.objects.filter(user=request.user).first()
        if narrator is None:  # no story told yet: nothing is kept with stories
            raise Http404
        return _her_data(request, narrator)


NEW_LINK_SESSION = "new_link_token"
NEW_LINK_SALT = "meervoud.stories.new-link"
NEW_LINK_EXPIRED = gettext_lazy(
    "Je nieuwe link is niet nog een keer getoond: de pagina stond langer dan een dag open. Heb je "
    "de link niet bewaard? Neem dan contact met ons op en noem je code. Die stond ook op de pagina.")


@never_cache  # shown once: not for Back on a shared computer
def new_link(request):
    """Her new personal link, shown once, as the thanks page shows the first one: the session
    forgets it as it is shown. At an address without the link in it, so that making a new link
    on a shared computer leaves no new key in the browser's history."""
    if request.method == "POST":
        return link_in_language(request, salt=NEW_LINK_SALT, session_key=NEW_LINK_SESSION,
                                page="stories:new_link", expired=NEW_LINK_EXPIRED)
    token = request.session.pop(NEW_LINK_SESSION, None)
    narrator = narrator_by_link(token)
    if narrator is None:
        return redirect("core:home")
    return render(request, "stories/new_link.html", {
        "link": request.build_absolute_uri(reverse("stories:my_story", args=[token])),
        "code": narrator.code, "contact_email": settings.MEERVOUD_CONTACT_EMAIL,
        "signed_link": signing.dumps(token, salt=NEW_LINK_SALT),
        "own_account": narrator.user_id is not None and narrator.user_id == request.user.pk})
