from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.core.typed import KeepTypedMixin
from meervoud.practices import selectors, services
from meervoud.practices.forms import CatalogueFilterForm, PracticeForm, RejectForm
from meervoud.practices.models import GoodPractice, PracticeStatus


def _can_see(user, practice: GoodPractice) -> bool:
    if practice.is_published or user_can(user, "practices.review"):
        return True
    return user.is_authenticated and practice.proposed_by_id == user.pk


def _can_withdraw(user, practice: GoodPractice) -> bool:
    """The proposer, while the practice is not in the catalogue (yet, or any more)."""
    return (user.is_authenticated and practice.proposed_by_id == user.pk
            and not practice.is_published)


def _can_see_history(user, practice: GoodPractice) -> bool:
    """Earlier review decisions: for reviewers and for the proposer, never for the public."""
    if user_can(user, "practices.review"):
        return True
    return user.is_authenticated and practice.proposed_by_id == user.pk


def _can_edit(user, practice: GoodPractice) -> bool:
    if user_can(user, "practices.review"):
        return True
    return (user_can(user, "practices.propose") and practice.proposed_by_id == user.pk
            and not practice.is_published)


class CatalogueView(View):
    """Public: everyone, also without an account, may read the published practices."""

    def get(self, request):
        form = CatalogueFilterForm(request.GET or None)
        form.is_valid()
        # a wrong filter (an old link) drops only itself and shows its error; the others apply
        filters = form.cleaned_data if form.is_bound else {}
        domain = filters.get("domein")
        municipality = filters.get("gemeente")
        practices = selectors.published_practices(
            municipality=municipality, region=filters.get("regio"),
            province=filters.get("provincie"), domain_slugs=[domain.slug] if domain else None)
        if filters.get("niveau"):
            practices = practices.filter(level=filters["niveau"])
        practices = selectors.with_shown_themes(practices)
        return render(request, "practices/catalogue.html", {
            "form": form, "practices": practices, "municipality": municipality,
            "place_filtered": bool(filters.get("regio") or filters.get("provincie")),
        })


class PracticeDetailView(View):
    def get(self, request, slug, reject_form=None):
        practice = GoodPractice.objects.select_related("proposed_by", "reviewed_by").filter(slug=slug).first()
        if practice is None or not _can_see(request.user, practice):
            # The decision mail links here, and a mail is opened logged out: log in first. Unknown
            # and unpublished look the same, so the answer does not tell which proposals exist.
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        return render(request, "practices/detail.html", {
            "practice": practice,
            "withheld_notice": _withheld_notice(practice, user_can(request.user, "practices.review")),
            "themes": selectors.published_themes_of(practice),
            "can_edit": _can_edit(request.user, practice),
            "can_withdraw": _can_withdraw(request.user, practice),
            "can_review": user_can(request.user, "practices.review"),
            "earlier_decisions": (selectors.earlier_decisions(practice)
                                  if _can_see_history(request.user, practice) else []),
            "reject_form": reject_form or RejectForm(),
        })


def _fields(withheld) -> str:
    labels = PracticeForm.Meta.labels
    return ", ".join(f"'{labels[name]}'" for name in withheld.fields)


def _withheld_note(practice: GoodPractice) -> str:
    """The proposer's list of her own practices: in short why one is not in the catalogue. Its
    own page says which words, and how it gets back."""
    if practice.withheld is None:
        return ""
    return _("Gepubliceerd, maar niet in de catalogus. Bij %(fields)s staat een naam, "
             "telefoonnummer, e-mailadres of adres. Open de praktijk om dat aan te passen.") % {
        "fields": _fields(practice.withheld)}


def _withheld_notice(practice: GoodPractice, reviewer: bool) -> str:
    """Why a published practice is not in the catalogue, and how it gets back: only its
    proposer and reviewers see its page then, and both may edit it. The words are named: they
    are on the page below anyway, and she must find them."""
    withheld = selectors.withheld_reason(practice)
    if withheld is None:
        return ""
    notice = _(
        "Deze praktijk is gepubliceerd, maar staat niet in de catalogus. Bij %(fields)s staat een "
        "naam, telefoonnummer, e-mailadres of adres: %(words)s. Iedereen zou dat kunnen lezen.") % {
        "fields": _fields(withheld),
        "words": ", ".join(f'"{words}"' for words in withheld.words)}
    # a reviewer's edit keeps the decision; the proposer's goes back to a coordinator
    return notice + " " + (_("Pas de tekst aan met 'Bewerken'. Daarna staat de praktijk meteen "
                             "weer in de catalogus.") if reviewer else
                           _("Pas de tekst aan met 'Bewerken'. Daarna kijkt een coördinator er "
                             "opnieuw naar."))


class ProposeView(CapabilityRequiredMixin, KeepTypedMixin, View):
    capability = "practices.propose"

    def form_for(self, data=None, initial=None):
        return PracticeForm(data, user=self.request.user, initial=initial)

    def get(self, request, form=None):
        return render(request, "practices/form.html", {
            "form": form or self.form_for(),
            "proposals": [(practice, _withheld_note(practice))
                          for practice in selectors.proposals_of(request.user)],
            "editing": False})

    def post(self, request):
        form = self.form_for(request.POST)
        if not form.is_valid():
            return self.get(request, form=form)
        practice, created = services.propose_practice(form, user=request.user)
        if created:
            messages.success(request, _("Bedankt. Een coördinator bekijkt je voorstel en publiceert "
                                        "het daarna."))
        else:
            messages.info(request, _("Dit voorstel had je al ingestuurd. Hier is het."))
        return redirect(practice)


class EditView(KeepTypedMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.practice = get_object_or_404(GoodPractice, slug=kwargs["slug"])
        if not _can_edit(request.user, self.practice):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form_for(self, data=None, initial=None):
        return PracticeForm(data, instance=self.practice, user=self.request.user, initial=initial)

    def get(self, request, slug, form=None):
        return render(request, "practices/form.html", {
            "form": form or self.form_for(), "practice": self.practice, "editing": True})

    def post(self, request, slug):
        form = self.form_for(request.POST)
        if not form.is_valid():
            return self.get(request, slug, form=form)
        was_rejected = self.practice.status == PracticeStatus.REJECTED
        practice = services.update_practice(
            form, user=request.user, reviewer=user_can(request.user, "practices.review"))
        if was_rejected and practice.status == PracticeStatus.PROPOSED:
            messages.success(request, _("Opgeslagen. Je voorstel ligt weer bij een coördinator."))
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
        return redirect(practice)


class WithdrawView(CapabilityRequiredMixin, View):
    """The proposer's "Voorstel intrekken": a question first (GET), the delete on its answer."""

    capability = "practices.propose"

    def _own(self, request, slug):
        return GoodPractice.objects.filter(slug=slug, proposed_by=request.user).first()

    def get(self, request, slug):
        practice = self._own(request, slug)
        if practice is None or not _can_withdraw(request.user, practice):
            return self._refused(request, practice)
        return render(request, "practices/withdraw.html", {"practice": practice})

    def post(self, request, slug):
        practice = self._own(request, slug)
        if practice is None or not _can_withdraw(request.user, practice):
            return self._refused(request, practice)
        services.withdraw_practice(practice)
        messages.success(request, _("Je voorstel is ingetrokken."))
        return redirect("practices:propose")

    @staticmethod
    def _refused(request, practice):
        if practice is None:  # withdrawn already (a second click), or not theirs
            messages.info(request, _("Dit voorstel is er niet meer."))
            return redirect("practices:propose")
        messages.error(request, _("Deze praktijk staat in de catalogus. Wil je haar eruit? Vraag "
                                  "een coördinator om haar offline te halen."))
        return redirect(practice)


class ReviewQueueView(CapabilityRequiredMixin, View):
    capability = "practices.review"

    def get(self, request):
        return render(request, "practices/review_queue.html", {
            "proposed": selectors.review_queue(),
            "rejected": selectors.recently_rejected(),
        })


class ReviewView(CapabilityRequiredMixin, View):
    capability = "practices.review"

    def get(self, request, slug):
        # the address of a decision with an error on it, asked for again (a language switch,
        # Enter in the address bar): the practice itself
        return redirect("practices:detail", slug=slug)

    def post(self, request, slug):
        practice = get_object_or_404(GoodPractice, slug=slug)
        action = request.POST.get("action")
        try:
            if action == "publish":
                services.publish_practice(practice, user=request.user)
                messages.success(request, _("De praktijk is gepubliceerd en staat nu in de "
                                            "catalogus."))
            elif action == "reject":
                form = RejectForm(request.POST)
                if not form.is_valid():
                    return PracticeDetailView().get(request, slug, reject_form=form)
                was_published = practice.status == PracticeStatus.PUBLISHED
                services.reject_practice(practice, user=request.user,
                                         reason=form.cleaned_data["reason"])
                messages.success(request, _("De praktijk is offline gehaald. De indiener ziet je reden.")
                                 if was_published else
                                 _("De praktijk is afgewezen. De indiener ziet je reden."))
            else:
                messages.error(request, _("Kies publiceren of afwijzen."))
        except services.IdentifyingText as refused:
            labels = PracticeForm.Meta.labels
            messages.error(request, _(
                "Deze praktijk kan zo niet in de catalogus. Bij %(fields)s staat een naam, "
                "telefoonnummer, e-mailadres of adres. Iedereen zou dat kunnen lezen. Pas de tekst "
                "eerst aan met 'Bewerken'.") % {
                "fields": ", ".join(f"'{labels[name]}'" for name in refused.fields)})
            return redirect(practice)
        except services.ReviewError:
            messages.error(request, _("Dat kan niet meer: de status van deze praktijk is al "
                                      "veranderd."))
        return redirect("practices:review")
