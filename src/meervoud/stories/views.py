import re

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from meervoud.accounts.models import Role
from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.audit.services import record
from meervoud.core.language import activate, remember_language
from meervoud.core.network import client_address
from meervoud.core.templatetags.paging import PAGE
from meervoud.core.typed import KeepTypedMixin, typed_values
from meervoud.engine.text import content_hash
from meervoud.knowledge.selectors import story_theme_mix
from meervoud.stories import importer, services
from meervoud.stories.forms import (CorrectionForNarratorForm, ImportForm, ReviewForm, StoryForm,
                                    WithdrawForNarratorForm)
from meervoud.stories.models import Narrator, Purpose, Source, Story, link_digest
from meervoud.stories.selectors import (active_purposes, by_narrator_reference, current_consent_texts,
                                        narrator_by_link, readable_stories)


def _draft(form: StoryForm) -> services.StoryDraft:
    data = form.cleaned_data
    return services.StoryDraft(
        text=data["text"], title=data["title"], helped=data["helped"],
        hindered=data["hindered"], municipality=data["municipality"],
        life_domains=list(data["life_domains"]), level=data["level"],
        recovery_phase=data["recovery_phase"], language=data["language"],
        told_on=data["told_on"], helped_own_strength=data["helped_own_strength"],
        helped_peers=data["helped_peers"], helped_professionals=data["helped_professionals"],
        sense_of_control=data["sense_of_control"], doing_now=data["doing_now"],
        known_names=data["known_names"],
    )


# what the de-identifier removed, as step 2 names it (its own kinds are codes)
KIND_NAMES = {
    "person": gettext_lazy("naam"), "location": gettext_lazy("plaats"), "organisation": gettext_lazy("instelling"),
    "age": gettext_lazy("leeftijd"), "date": gettext_lazy("datum"), "bsn": gettext_lazy("BSN"),
    "iban": gettext_lazy("rekeningnummer"), "phone": gettext_lazy("telefoonnummer"),
    "email": gettext_lazy("e-mailadres"), "url": gettext_lazy("internetadres"), "address": gettext_lazy("adres"),
    "postcode": gettext_lazy("postcode"), "licence_plate": gettext_lazy("kenteken"),
    "id_number": gettext_lazy("nummer"),
}


def removed_list(counts: dict[str, int]) -> list[tuple[str, int]]:
    """What the de-identifier replaced, in the narrator's words: (kind, how many)."""
    return [(KIND_NAMES.get(kind, kind), n) for kind, n in sorted(counts.items())]


def removed_summary(counts: dict[str, int]) -> str:
    """The same as one line, as step 2 of the intake says it: "2× naam, 1× plaats"."""
    return ", ".join(f"{n}× {kind}" for kind, n in removed_list(counts))


class StoryIntakeView(KeepTypedMixin, View):
    """Two steps on one URL. Step 1 holds the story; step 2 shows the de-identified text and
    asks consent. The original text travels in the form, never in the database or session.
    The language buttons and an expired form bring the same step back as typed (show_typed)."""

    template_story = "stories/intake_story.html"
    template_review = "stories/intake_review.html"

    def intake_url(self) -> str:
        """Where both steps post to: this page."""
        return reverse("stories:intake")

    def offers_for_someone_else(self, request) -> bool:
        """Whether step 1 asks whose story it is: only a peer expert logged in with her own
        account, whose own stories go under her own pseudonym. Anyone else's story gets a new
        pseudonym anyway."""
        user = request.user
        return user.is_authenticated and user.role == Role.NARRATOR

    def _for_someone_else(self, request, story_form) -> bool:
        """A valid step 1 says the story is someone else's, told by a peer expert who may say so."""
        return self.offers_for_someone_else(request) and bool(story_form.cleaned_data.get("for_someone_else"))

    def consent_via(self, request, for_someone_else: bool) -> str:
        """Whose hand gave the consent, for its record (ConsentEvent.via): the narrator's own on
        the form, or someone who typed in her story for her."""
        if for_someone_else:
            return "peer_expert"
        if user_can(request.user, "stories.enter_for_narrator"):
            return "coordinator"
        return Source.FORM

    # the page's title and heading: "nog een verhaal" where she tells another from her page
    heading = gettext_lazy("Vertel je verhaal")

    def _story_page(self, request, context: dict):
        return render(request, self.template_story, {
            **context, "intake_url": self.intake_url(), "heading": self.heading,
            "offers_for_someone_else": self.offers_for_someone_else(request)})

    def get(self, request, **kwargs):
        return self._story_page(request, {"form": StoryForm()})

    def post(self, request, **kwargs):
        story_form = StoryForm(request.POST)
        step = request.POST.get("step")
        if step != "review" or request.POST.get("action") == "back":
            if request.POST.get("action") == "back":
                # what the narrator changed by hand in step 2 travels along, for as long as the
                # story it belongs to is not changed
                return self._story_page(request, {
                    "form": story_form, "reviewed": self._reviewed_fields(request.POST),
                    "reviewed_for": self._told(request.POST)})
            if not story_form.is_valid():
                # her step-2 edits travel along through an error too, as through "back"
                return self._story_page(request, {
                    "form": story_form, "reviewed": self._reviewed_fields(request.POST),
                    "reviewed_for": request.POST.get("reviewed_for", "")})
            preview = services.deidentify_draft(_draft(story_form))
            kept = self._reviewed_fields(request.POST)
            if not (kept and request.POST.get("reviewed_for") == self._told(request.POST)):
                kept = {"reviewed_title": preview.title, "reviewed_text": preview.text,
                        "reviewed_helped": preview.helped, "reviewed_hindered": preview.hindered}
            review_form = ReviewForm(initial={
                **kept,
                "consent_versions": ";".join(f"{purpose}={text.version}"
                                             for purpose, text in sorted(current_consent_texts().items())),
            })  # no consent box ticked: consent is the narrator's own active choice (AVG)
            return self._review(request, story_form, review_form, preview.counts)
        review_form = ReviewForm(request.POST)
        if review_form.expired():
            # its token may be forgotten already: the same page again as typed, with a new token
            messages.warning(request, _(
                "Je verhaal is nog niet verstuurd: de pagina stond langer dan een dag open. Er is "
                "niets opgeslagen. Wat je typte staat er nog. Kijk het na en druk nog een keer op "
                "'Versturen'."))
            return self.show_typed(request, checked=False)
        if not story_form.is_valid():
            return self._story_page(request, {"form": story_form})
        draft = _draft(story_form)
        for_someone_else = self._for_someone_else(request, story_form)
        # what step 1 removed: said again on an error, and kept with the story
        first = services.deidentify_draft(draft)
        if not review_form.is_valid():
            return self._review(request, story_form, review_form, first.counts)
        data = review_form.cleaned_data
        reviewed = services.Deidentified(
            title=data["reviewed_title"], text=data["reviewed_text"],
            helped=data["reviewed_helped"], hindered=data["reviewed_hindered"], counts=first.counts,
            names=first.names, numbers=first.numbers,  # a name typed again: found, and its number kept
        )
        token = data["form_token"]  # None: a page from before the tokens, a script
        try:
            with transaction.atomic():  # a new pseudonym only together with its story
                # first: the same page sent twice waits here for the first request, then stops
                sent = services.spend_form_token(token) if token else None
                # sent twice from another page (the back button to step 1): one story, and no
                # new pseudonym for it
                told = self._sent_before(request, reviewed.text)
                narrator, known = (told.narrator, True) if told else self._narrator(request, for_someone_else)
                if not told and known:  # her pseudonym told this story before (another tab)
                    told = Story.objects.filter(narrator=narrator, content_hash=content_hash(reviewed.text)).first()
                if told:
                    if sent:
                        services.keep_sent_story(sent, told)
                    # the thanks page takes the story from the session when it shows its link
                    return self._sent_again(request, told, reviewed.text,
                                            link_shown="last_story_id" not in request.session)
                if self._limited(request.user, for_someone_else):
                    services.count_intake(client_address(request))
                story = services.create_story(
                    narrator=narrator, draft=draft, purposes=review_form.purposes(),
                    source=Source.FORM, reviewed=reviewed, consent_texts=review_form.texts_read(),
                    via=self.consent_via(request, for_someone_else),
                )
                if sent:
                    services.keep_sent_story(sent, story)
        except services.SentBefore as again:
            return self._sent_again(request, again.sent.story, reviewed.text,
                                    link_shown=again.sent.link_shown)
        except services.TooManyStories:
            return self._too_many(request, story_form, review_form, first.counts)
        return self._to_thanks(request, story, reviewed.text)

    @staticmethod
    def _limited(user, for_someone_else: bool = False) -> bool:
        """Whether this story counts against its address's hour (services.count_intake): not
        a narrator's own story from her account (all her stories are one pseudonym), nor a
        coordinator entering stories for others. A peer expert writing down someone else's story
        makes a new pseudonym each time, as the public form does: it counts."""
        if not user.is_authenticated or for_someone_else:
            return True
        return user.role != Role.NARRATOR and not user_can(user, "stories.enter_for_narrator")

    def _too_many(self, request, story_form, review_form, counts):
        """The same step-2 page with what she typed (its token unspent: the transaction was
        rolled back), so she can send it later or copy it, and what to do now."""
        messages.error(request, _(
            "Je verhaal is nog niet opgeslagen. Vanaf deze internetverbinding zijn het afgelopen uur "
            "al veel verhalen verstuurd. Daarom nemen we er nu even geen meer aan. Er is niets "
            "bewaard. Wat je typte staat hieronder nog. Probeer het over een uur nog een keer. Of "
            "vraag de begeleider of coördinator van je organisatie om je verhaal voor je in te voeren."))
        response = self._review(request, story_form, review_form, counts)
        response.status_code = 429
        response["Retry-After"] = str(int(services.INTAKE_WINDOW.total_seconds()))
        return response

    @staticmethod
    def _to_thanks(request, story: Story, text: str):
        # not her link: it is made when the thanks page shows it, so it is never in the session
        request.session["last_story_id"] = story.pk
        request.session["last_told"] = [content_hash(text), story.pk]
        return redirect("stories:thanks")

    def _sent_again(self, request, story: Story | None, text: str, *, link_shown: bool):
        """The same story sent again: nothing new is stored. The personal link is shown once: a
        request that comes second shows it only if it was not shown yet (in a double click the
        browser shows the second answer, never the first), or if it is her own account's story.
        Whoever resends the page later (the next person at a shared computer pressing Back)
        does not get it."""
        if story is not None:
            narrator = story.narrator
            own = narrator.user_id is not None and narrator.user_id == request.user.pk
            if own or not link_shown:
                return self._to_thanks(request, story, text)
        messages.info(request, ALREADY_SENT)
        return redirect("stories:intake")

    def show_typed(self, request, *, checked: bool):
        """The same step again with everything she typed, in the language now active (the
        language button) or with a fresh form token (an expired form), without JavaScript.
        Nothing is stored and nothing is checked: she has not pressed 'Volgende' or
        'Versturen' (or it did not count), so step 1 shows no errors she has not asked for."""
        story_form = StoryForm(request.POST)
        if request.POST.get("step") == "review" and story_form.is_valid():
            review_form = ReviewForm(initial=typed_values(ReviewForm(request.POST)))
            counts = services.deidentify_draft(_draft(story_form)).counts
            return self._review(request, story_form, review_form, counts)
        on_review = request.POST.get("step") == "review"
        return self._story_page(request, {
            "form": StoryForm(initial=typed_values(story_form)),
            "reviewed": self._reviewed_fields(request.POST),
            "reviewed_for": self._told(request.POST) if on_review else request.POST.get("reviewed_for", "")})

    REVIEWED = ("reviewed_title", "reviewed_text", "reviewed_helped", "reviewed_hindered")

    @classmethod
    def _reviewed_fields(cls, posted) -> dict[str, str]:
        return {name: posted[name] for name in cls.REVIEWED if name in posted} if posted.get("reviewed_text") else {}

    @staticmethod
    def _told(posted) -> str:
        """Which story the reviewed text belongs to: a hash of what was typed in step 1."""
        return content_hash("\x1f".join(posted.get(name, "") for name in ("title", "text", "helped", "hindered")))

    @staticmethod
    def _sent_before(request, text: str) -> Story | None:
        """The story this browser just sent with the same text from another page than the one
        its token belongs to (Back to step 1 and on again; a page without a token): without an
        account the pseudonym is new each time, and one person would count as two narrators.
        Only the hash and the row number are kept in the session."""
        last = request.session.get("last_told")
        if not last or last[0] != content_hash(text):
            return None
        return Story.objects.filter(pk=last[1]).first()

    def _review(self, request, story_form, review_form, counts):
        return render(request, self.template_review, {
            "story_form": story_form, "form": review_form, "intake_url": self.intake_url(),
            "for_someone_else": self._for_someone_else(request, story_form),
            "removed": removed_list(counts),
            "keep_original_days": settings.MEERVOUD_KEEP_ORIGINAL_DAYS,
            "consent_texts": current_consent_texts(),
        })

    def _narrator(self, request, for_someone_else: bool) -> tuple[Narrator, bool]:
        """Whose story this is, and whether that pseudonym is one she had before (then the same
        story told twice is found by its text). A peer expert's own story goes under her own
        pseudonym; a story she writes down for someone else is that person's, new."""
        user = request.user
        if user.is_authenticated and user.role == Role.NARRATOR and not for_someone_else:
            # locked: her story sent from two pages at once is checked one after the other
            existing = Narrator.objects.select_for_update().filter(user=user).first()
            return existing or services.new_narrator(user=user), True
        return services.new_narrator(), False


# the link on its way back to the thanks page from its language button (link_in_language)
THANKS_LINK_SESSION = "thanks_link"


@never_cache  # "shown once": the next person on a shared computer must not get it back with Back
def thanks(request):
    if request.method == "POST":
        return link_in_language(request, salt=THANKS_SALT, session_key=THANKS_LINK_SESSION,
                                page="stories:thanks", expired=THANKS_EXPIRED)
    # shown once: on a shared computer the next person must not find the link in the session
    token = request.session.pop(THANKS_LINK_SESSION, None)
    story_id = request.session.pop("last_story_id", None)
    narrator = narrator_by_link(token)
    if narrator is None:
        story = Story.objects.select_related("narrator").filter(pk=story_id).first() if story_id else None
        if story is None:
            return redirect("stories:intake")
        narrator = story.narrator
        # made now, as it is shown: only its digest is stored, and it was never in the session
        token = services.first_personal_link(narrator)
        if token is None:  # she was given her link before: it is not shown again
            return _link_shown_before(request, narrator)
        services.personal_link_shown(story.pk)
    link = request.build_absolute_uri(reverse("stories:my_story", args=[token]))
    return render(request, "stories/thanks.html", {
        "link": link, "keep_original_days": settings.MEERVOUD_KEEP_ORIGINAL_DAYS,
        # the way back in without the link: a coordinator finds her stories by this pseudonym
        "code": narrator.code, "contact_email": settings.MEERVOUD_CONTACT_EMAIL,
        "signed_link": signing.dumps(token, salt=THANKS_SALT),
        # a coordinator or peer expert typed it in: the link is the narrator's, to hand over
        "entered_for_narrator": request.user.is_authenticated and narrator.user_id != request.user.pk})


def _link_shown_before(request, narrator: Narrator):
    """A story stored for a narrator who was given her link before. With her own account: her
    stories' page, where the new one is (her old link still works; a new link would stop it
    without her knowing). Anyone else: the page was sent again, and the link is shown once."""
    if narrator.user_id is not None and narrator.user_id == request.user.pk \
            and user_can(request.user, "stories.view_own"):
        messages.success(request, _("Bedankt voor je verhaal. Je vindt het hieronder, bij Mijn "
                                    "verhalen. Je persoonlijke link van eerder blijft werken."))
        return redirect("stories:mine")
    messages.info(request, ALREADY_SENT)
    return redirect("stories:intake")


THANKS_SALT = "meervoud.stories.thanks"
ALREADY_TOLD = gettext_lazy("Dit verhaal had je al verstuurd. Je vindt het hieronder, bij je andere verhalen.")
ALREADY_SENT = gettext_lazy("Dit verhaal was al verstuurd. De persoonlijke link is toen één keer "
                            "getoond; hij wordt niet nog eens getoond.")
THANKS_EXPIRED = gettext_lazy(
    "Je persoonlijke link is niet nog een keer getoond: de bedankpagina stond langer dan "
    "een dag open. Heb je de link niet bewaard? Neem dan contact met ons op en noem je "
    "code. Die stond ook op de bedankpagina.")
# How long the language button brings the link back. Not a privacy limit: the signed value is
# only in the page that shows the link in plain sight (and can be read from it), never kept
# on the server, and Back or a reload of that page shows nothing (never_cache, the session
# entry is gone). Whoever can press the button can read the link anyway, so a short limit only
# takes it from her while she copies it slowly (a screen reader, pen and paper). A day is more
# than the 20 hours WCAG 2.2.1 allows a limit to be; an open tab forgotten overnight on a
# shared computer still shows the link itself, which is what closing the tab is for.
THANKS_SWITCH_SECONDS = 24 * 60 * 60


def link_in_language(request, *, salt: str, session_key: str, page: str, expired):
    """The language button on a page that shows a personal link once (the thanks page, her
    new link): the same page with the same link in the other language. Switching language is
    not leaving the page, so the link comes back once more; the button carries it signed
    (``salt``), so nothing is kept in the session meanwhile. Redirected, so reloading or Back
    afterwards does not show it again. ``expired``: what she is told when the page stood open
    too long (not silently an empty page: she must know the link will not come back)."""
    language = request.POST.get("interface_language", "")
    activate(request, language)  # what she is told below, in the language she asked for
    try:
        token = signing.loads(request.POST.get("link", ""), salt=salt, max_age=THANKS_SWITCH_SECONDS)
    except signing.SignatureExpired:
        messages.warning(request, str(expired))  # lazy: now in the language she asked for
        token = None
    except signing.BadSignature:
        token = None
    if isinstance(token, str):
        request.session[session_key] = token
    return remember_language(redirect(page), language)


def _loggable(value: str | None, pattern: str) -> str:
    """A filter value as the audit log may keep it: only in the shape the filter expects (a
    CBS code, a slug, a page number); anything else someone typed in the address is not logged."""
    if not value:
        return "-"
    return value if re.fullmatch(pattern, value) else "(ongeldig)"


class StoryListView(CapabilityRequiredMixin, ListView):
    capability = "stories.view_deidentified"
    template_name = "stories/story_list.html"
    paginate_by = 25
    page_kwarg = PAGE  # as every paged list ({% paging %})

    def get_queryset(self):
        queryset = readable_stories(self.request.user).select_related("municipality", "narrator").prefetch_related(
            "life_domains"
        )
        municipality = self.request.GET.get("gemeente")
        domain = self.request.GET.get("domein")
        narrator = self.narrator = self.request.GET.get("verteller", "").strip()
        # what was typed in the search box may be a real name by mistake: the log keeps only that
        # someone searched for a narrator
        record(self.request, "view", Story, detail="lijst gemeente={} domein={} pagina={} verteller={}".format(
            *(_loggable(self.request.GET.get(name), pattern) for name, pattern in (
                ("gemeente", r"GM\d{4}"), ("domein", r"[a-z0-9-]{1,50}"), (PAGE, r"\d{1,6}"))),
            "gezocht" if narrator else "-"))
        if narrator:
            queryset = by_narrator_reference(queryset, narrator, self.request.user)
        if municipality:
            queryset = queryset.filter(municipality__cbs_code=municipality)
        if domain:
            queryset = queryset.filter(life_domains__slug=domain)
        return queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            research_only=not user_can(self.request.user, "stories.view_all_consented"),
            narrator=self.narrator, **kwargs)


# the session key that holds a narrator's new link until her story's page showed it once
NEW_LINK_FOR_NARRATOR = "narrator_new_link"


class StoryDetailView(CapabilityRequiredMixin, DetailView):
    capability = "stories.view_deidentified"
    template_name = "stories/story_detail.html"

    def get_queryset(self):
        return readable_stories(self.request.user)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.context_data.get("new_link"):
            add_never_cache_headers(response)  # the narrator's key: in no cache
        return response

    def may_correct(self) -> bool:
        """Whether this person corrects the words of the stories she reads in full: those who act
        on the narrator's behalf (a researcher reads, and changes nothing)."""
        return user_can(self.request.user, "stories.withdraw_for_narrator")

    def get_context_data(self, withdraw_form=None, correction_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET":
            context["new_link"] = self._new_link_once()
        record(self.request, "view", self.object)
        context["purposes"] = [Purpose(p).label for p in sorted(active_purposes(self.object))]
        context["theme_mix"] = story_theme_mix(self.object.pk)
        if user_can(self.request.user, "stories.withdraw_for_narrator"):
            context["withdraw_form"] = withdraw_form or WithdrawForNarratorForm(story=self.object)
        if self.may_correct():
            context["correction_form"] = correction_form or CorrectionForNarratorForm(
                story=self.object, auto_id="id_correct_%s")
        return context

    def post(self, request, pk):
        """Consent taken back on the narrator's behalf (see WithdrawForNarratorForm), or her
        story's words corrected."""
        if not user_can(request.user, "stories.withdraw_for_narrator"):
            raise PermissionDenied
        story = self.object = self.get_object()
        if request.POST.get("action") == "correct" and self.may_correct():
            return self._correct(request, story)
        form = WithdrawForNarratorForm(request.POST, story=story)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(withdraw_form=form))
        what = form.cleaned_data["what"]
        code = story.narrator.code
        if what == form.NEW_LINK:
            # someone else has her link: a new one, which the coordinator hands to her
            token = services.issue_personal_link(story.narrator)
            record(request, "change", story.narrator, detail="nieuwe persoonlijke link (namens verteller)")
            # only until the story's page right after this shows it (_new_link_once)
            request.session[NEW_LINK_FOR_NARRATOR] = [story.pk, token]
            messages.success(request, _("Er is een nieuwe persoonlijke link gemaakt. De oude link werkt "
                                        "niet meer."))
            return redirect("stories:detail", pk=pk)
        if what == form.DELETE:
            services.delete_story(story, via="coordinator")
            record(request, "story-deleted", Story, pk)
            messages.success(request, _("Het verhaal is verwijderd. Het wordt nergens meer gebruikt."))
            return self._narrators_stories(code)
        services.withdraw_consent(story, what, via="coordinator")
        record(request, "consent-withdrawn", story, detail=f"doel={what}")
        messages.success(request, _("De toestemming voor '%(purpose)s' is ingetrokken.")
                         % {"purpose": Purpose(what).label})
        if not active_purposes(story):
            messages.info(request, _("Er is geen toestemming meer over. Het verhaal wordt niet meer "
                                     "gebruikt en staat niet meer in de lijst."))
            return self._narrators_stories(code)
        return redirect("stories:detail", pk=pk)

    def _correct(self, request, story: Story):
        """What the de-identifier missed (an import or the API has no step 2 where the narrator
        reads her text), taken out as her own correction would: de-identified again, the old
        sentences out of the analysis at once (services.correct_story). The audit log keeps who,
        and which fields, never the words."""
        form = CorrectionForNarratorForm(request.POST, story=story, auto_id="id_correct_%s")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(correction_form=form))
        correction = services.correct_story(story, via="coordinator", **form.words())
        if not correction.fields:
            messages.info(request, _("Er is niets veranderd. Het verhaal is hetzelfde gebleven."))
            return redirect("stories:detail", pk=story.pk)
        record(request, "change", story, detail="namens verteller: " + ", ".join(correction.fields))
        messages.success(request, _("Het verhaal is aangepast. Zinnen die weg zijn, tellen niet meer "
                                    "mee in de analyse."))
        if correction.counts:
            messages.warning(request, _("In de nieuwe tekst zijn gegevens vervangen die naar iemand "
                                        "kunnen leiden: %(removed)s. Kijk of de tekst nog klopt.")
                             % {"removed": removed_summary(correction.counts)})
        return redirect("stories:detail", pk=story.pk)

    def _new_link_once(self) -> str | None:
        """The narrator's new link, shown once to the coordinator who made it (as the thanks
        page shows the first). The session forgets it at the first story page after it was
        made, which is this story's (the redirect): the session is stored in the database too."""
        made = self.request.session.pop(NEW_LINK_FOR_NARRATOR, None)
        if not made or made[0] != self.object.pk:
            return None
        if link_digest(made[1]) != self.object.narrator.token_digest:  # made again since, in another tab
            return None
        return self.request.build_absolute_uri(reverse("stories:my_story", args=[made[1]]))

    @staticmethod
    def _narrators_stories(code: str):
        """Back to the narrator's other stories (a pseudonym, as the search itself): a narrator
        who phones usually means all of them."""
        return redirect(reverse("stories:list") + "?" + urlencode({"verteller": code}))


class StoryImportView(CapabilityRequiredMixin, View):
    capability = "stories.import"
    template_name = "stories/import.html"

    def get(self, request):
        return render(request, self.template_name, self._context(ImportForm()))

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self._context(form))
        upload = form.cleaned_data["file"]
        try:
            report = importer.import_stories(upload.name, upload.read())
        except importer.ImportFileError as error:
            form.add_error("file", str(error))
            return render(request, self.template_name, self._context(form))
        if report.ok:
            # the log is kept in Dutch, whatever language the coordinator reads
            stories = "1 verhaal" if report.imported == 1 else f"{report.imported} verhalen"
            record(request, "import", Story, detail=f"{stories} ({upload.name.rsplit('.', 1)[-1].lower()})")
            messages.success(request, ngettext(
                "%(count)s verhaal geïmporteerd.", "%(count)s verhalen geïmporteerd.",
                report.imported) % {"count": report.imported})
            return redirect("stories:list")
        return render(request, self.template_name, self._context(form, report))

    @staticmethod
    def _context(form, report=None):
        return {"form": form, "report": report, "required": importer.REQUIRED,
                "optional": importer.OPTIONAL}
