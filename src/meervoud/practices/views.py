from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.audit.services import record
from meervoud.core.templatetags.paging import PAGE
from meervoud.core.typed import KeepTypedMixin
from meervoud.pool.vocabularies import ExpertRole
from meervoud.practices import selectors, services
from meervoud.practices.forms import (
    CatalogueFilterForm,
    ChangeRejectForm,
    Order,
    PracticeForm,
    RejectForm,
)
from meervoud.practices.models import GoodPractice, PracticeStatus
from meervoud.stories.models import Level, LifeDomain

PER_PAGE = 20
# the catalogue's filters the download (api:export-goede-praktijken-*) knows, by the same names
EXPORT_FILTERS = ("gemeente", "regio", "provincie", "domein", "niveau")


def _can_see(user, practice: GoodPractice) -> bool:
    if practice.is_published or user_can(user, "practices.review"):
        return True
    return user.is_authenticated and practice.proposed_by_id == user.pk


def _can_withdraw(user, practice: GoodPractice) -> bool:
    """The proposer, while the practice is not in the catalogue (yet, or any more). One in the
    catalogue she takes out with ``_can_take_out``."""
    return (user.is_authenticated and practice.proposed_by_id == user.pk
            and not practice.is_published)


def _can_take_out(user, practice: GoodPractice) -> bool:
    return (user.is_authenticated and practice.proposed_by_id == user.pk
            and practice.is_published)


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


def _can_change(user, practice: GoodPractice) -> bool:
    """The proposer of a practice in the catalogue proposes a change that waits for a
    coordinator (a reviewer edits it directly)."""
    return (user_can(user, "practices.propose") and not user_can(user, "practices.review")
            and practice.proposed_by_id == user.pk and practice.is_published)


def _is_proposer(user, practice: GoodPractice) -> bool:
    return user.is_authenticated and practice.proposed_by_id == user.pk


def _shown(name: str, value, user) -> str:
    """A field's value in ``pending_change`` form, as words for the table of a change. Themes
    only as far as ``user`` may see them (``linkable_themes``, as her form offers them): a
    coordinator's link to an unpublished theme is kept, and its name not shown to her."""
    field = GoodPractice._meta.get_field(name)
    if field.many_to_many:
        items = (selectors.linkable_themes(user) if name == "themes"
                 else field.related_model.objects.all())
        return ", ".join(str(item) for item in items.filter(pk__in=value))
    if name == "roles":
        labels = dict(ExpertRole.choices)
        return ", ".join(str(labels.get(role, role)) for role in value)
    if name == "level":
        return str(dict(Level.choices).get(value, "")) if value else ""
    return value or ""


def change_rows(practice: GoodPractice, user) -> list[tuple[str, str, str]]:
    """The waiting change as (label, in the catalogue now, proposed), in the form's order, as
    ``user`` may read it."""
    change = practice.pending_change or {}
    labels = PracticeForm.Meta.labels
    return [(str(labels.get(name, name)),
             _shown(name, services.stored_value(practice, name), user),
             _shown(name, change[name], user))
            for name in PracticeForm.Meta.fields if name in change]


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
        if filters.get("zoek"):
            practices = selectors.matching_words(practices, filters["zoek"])
        order = filters.get("volgorde") or Order.NEAR
        if order == Order.TITLE:
            practices = practices.order_by("title", "pk")
        elif order == Order.UPDATED:
            practices = practices.order_by("-updated_at", "title", "pk")
        page = Paginator(practices, PER_PAGE).get_page(request.GET.get(PAGE))
        page.object_list = selectors.with_shown_themes(page.object_list)
        asked = _asked(request, form)
        return render(request, "practices/catalogue.html", {
            "form": form, "page": page, "practices": page.object_list,
            "total": page.paginator.count, "municipality": municipality,
            "near_first": order == Order.NEAR,
            "place_filtered": bool(filters.get("regio") or filters.get("provincie")),
            "stale_before": GoodPractice.stale_before(),
            "widen": _widen(asked) if not page.paginator.count else [],
            "export_query": urlencode({name: _export_value(filters[name]) for name in EXPORT_FILTERS
                                       if filters.get(name)}),
            "export_misses_words": bool(filters.get("zoek")),
        })


def _asked(request, form) -> dict[str, str]:
    """The filters she set (non-empty and valid), in the order of the form."""
    if not form.is_bound:
        return {}
    return {name: request.GET[name].strip() for name in form.fields
            if name != "volgorde" and request.GET.get(name, "").strip() and name not in form.errors}


def _widen(asked: dict[str, str]) -> list[tuple[str, str]]:
    """For an empty result: each filter she set, as a link to the same search without it."""
    places = ("gemeente", "regio", "provincie")
    everywhere = _("In heel Nederland")  # a place brings its region and province already
    labels = {"zoek": _("Zonder de zoekwoorden"), "domein": _("Alle levensdomeinen"),
              "niveau": _("Alle niveaus"), **dict.fromkeys(places, everywhere)}
    links = []
    for name in asked:
        dropped = places if name in places else (name,)
        if name in places and any(links_name in places for links_name, _url in links):
            continue  # one link drops every place
        rest = {key: value for key, value in asked.items() if key not in dropped}
        links.append((name, "?" + urlencode(rest) if rest else "?"))
    return [(labels[name], url) for name, url in links]


def _export_value(value) -> str:
    """A cleaned filter as the download takes it: a life domain by slug, a place by name."""
    if isinstance(value, LifeDomain):
        return value.slug
    return getattr(value, "name", value)


class PracticeDetailView(View):
    def get(self, request, slug, reject_form=None, change_reject_form=None):
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
            "can_change": _can_change(request.user, practice),
            "can_take_out": _can_take_out(request.user, practice),
            "can_review": user_can(request.user, "practices.review"),
            # what the decision forms say she read (services.version_of)
            "version": (services.version_of(practice)
                        if user_can(request.user, "practices.review") else ""),
            "earlier_decisions": (selectors.earlier_decisions(practice)
                                  if _can_see_history(request.user, practice) else []),
            "reject_form": reject_form or RejectForm(),
            # a change that waits: for her and for coordinators, never for the public
            "change_rows": (change_rows(practice, request.user) if practice.pending_change and (
                _is_proposer(request.user, practice) or user_can(request.user, "practices.review"))
                else []),
            "change_reason": (practice.change_reason if _can_see_history(request.user, practice)
                              else ""),
            "change_reject_form": change_reject_form or ChangeRejectForm(),
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
            "in_catalogue": selectors.in_catalogue_of(request.user),
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
    """'Bewerken': a reviewer, any practice; the proposer, while it is not in the catalogue."""

    changing = False  # ChangeView: the proposer's change of a practice in the catalogue

    def allowed(self, user, practice) -> bool:
        return _can_edit(user, practice)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.practice = get_object_or_404(GoodPractice, slug=kwargs["slug"])
        if not self.allowed(request.user, self.practice):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form_for(self, data=None, initial=None):
        if initial is None and self.changing and self.practice.pending_change:
            # her change that waits, not the older published text: she goes on where she was
            initial = self.practice.pending_change
        return PracticeForm(data, instance=self.practice, user=self.request.user, initial=initial)

    def get(self, request, slug, form=None):
        return render(request, "practices/form.html", {
            "form": form or self.form_for(), "practice": self.practice, "editing": True,
            "changing": self.changing})

    def post(self, request, slug):
        form = self.form_for(request.POST)
        if not form.is_valid():
            return self.get(request, slug, form=form)
        was_rejected = self.practice.status == PracticeStatus.REJECTED
        reviewer = user_can(request.user, "practices.review")
        practice = services.update_practice(form, user=request.user, reviewer=reviewer)
        if not reviewer and practice.status == PracticeStatus.PUBLISHED:
            messages.success(request, _(
                "Opgeslagen. Je wijziging ligt bij een coördinator. Tot die tijd blijft de "
                "praktijk in de catalogus zoals hij was.") if practice.pending_change else _(
                "Er is niets veranderd: de praktijk staat zo al in de catalogus."))
        elif was_rejected and practice.status == PracticeStatus.PROPOSED:
            messages.success(request, _("Opgeslagen. Je voorstel ligt weer bij een coördinator."))
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
        return redirect(practice)


class ChangeView(EditView):
    """'Wijziging voorstellen': the proposer keeps her practice in the catalogue up to date.
    Her change waits for a coordinator; the published practice stays online meanwhile."""

    changing = True

    def allowed(self, user, practice) -> bool:
        return _can_change(user, practice)


class WithdrawView(CapabilityRequiredMixin, View):
    """The proposer's "Voorstel intrekken": a question first (GET), the delete on its answer."""

    capability = "practices.propose"
    published = False  # TakeOutView: her practice is in the catalogue

    def _own(self, request, slug):
        return GoodPractice.objects.filter(slug=slug, proposed_by=request.user).first()

    def get(self, request, slug):
        practice = self._own(request, slug)
        if practice is None or practice.is_published != self.published:
            return self._refused(request, practice)
        return render(request, "practices/withdraw.html", {
            "practice": practice, "published": self.published})

    def post(self, request, slug):
        practice = self._own(request, slug)
        if practice is None or practice.is_published != self.published:
            return self._refused(request, practice)
        pk = practice.pk
        services.withdraw_practice(practice)
        # a page people may have cited is gone: who took it away stays known (no texts)
        record(request, "delete", GoodPractice, pk,
               detail="uit de catalogus gehaald door indiener" if self.published
               else "voorstel ingetrokken door indiener")
        messages.success(request, _("De praktijk is uit de catalogus gehaald en gewist.")
                         if self.published else _("Je voorstel is ingetrokken."))
        return redirect("practices:propose")

    def _refused(self, request, practice):
        if practice is None:  # withdrawn already (a second click), or not theirs
            messages.info(request, _("Dit voorstel is er niet meer."))
            return redirect("practices:propose")
        if self.published:  # taken offline or withheld meanwhile: a proposal again to her
            return redirect("practices:withdraw", slug=practice.slug)
        messages.error(request, _("Deze praktijk staat in de catalogus. Wil je haar offline "
                                  "halen? Kies dan 'Uit de catalogus halen'."))
        return redirect(practice)


class TakeOutView(WithdrawView):
    """'Uit de catalogus halen': the proposer's practice stopped, or her organisation no longer
    wants it there. It is deleted, as a withdrawn proposal is."""

    published = True


class ReviewQueueView(CapabilityRequiredMixin, View):
    capability = "practices.review"

    def get(self, request):
        return render(request, "practices/review_queue.html", {
            "proposed": selectors.review_queue(),
            "changes": selectors.changes_waiting(),
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
            # the version she read on the page: a decision holds for that one only
            seen = request.POST.get("seen") or None
            if action == "publish":
                services.publish_practice(practice, user=request.user, seen=seen)
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
            elif action == "publish_change":
                services.publish_change(practice, user=request.user, seen=seen)
                messages.success(request, _("De wijziging is overgenomen en staat nu in de "
                                            "catalogus."))
            elif action == "reject_change":
                form = ChangeRejectForm(request.POST)
                if not form.is_valid():
                    return PracticeDetailView().get(request, slug, change_reject_form=form)
                services.reject_change(practice, user=request.user,
                                       reason=form.cleaned_data["reason"], seen=seen)
                messages.success(request, _("De wijziging is niet overgenomen. De indiener ziet "
                                            "je reden."))
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
        except services.Outdated:
            messages.error(request, _(
                "De indiener heeft de praktijk of de wijziging intussen aangepast. Lees de nieuwe "
                "versie hieronder en beslis dan opnieuw."))
            return redirect(practice)
        except services.ReviewError:
            messages.error(request, _("Dat kan niet meer: de status van deze praktijk is al "
                                      "veranderd."))
        return redirect("practices:review")
