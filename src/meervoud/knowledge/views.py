from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.audit.services import record
from meervoud.core.templatetags.paging import PAGE
from meervoud.knowledge import curation, quote_review, services, unmerge
from meervoud.knowledge.forms import InsightForm, RenameForm, StatementActionForm
from meervoud.knowledge.identifying import (
    kinds_of, where, withheld_for_readers, withheld_notice, withheld_short,
)
from meervoud.knowledge.models import AnalysisRun, Statement, Theme
from meervoud.knowledge.models import ManualCoding
from meervoud.publication.disclosure import k_threshold
from meervoud.publication.selectors import is_published, withheld_themes
from meervoud.stories.selectors import readable_stories
from meervoud.knowledge.selectors import (
    active_themes,
    agreement,
    codable_statements,
    codes_for_research,
    busy_run,
    first_found_by,
    left_out_of_kennisbank,
    needs_a_name,
    retired_by,
    saturation_curves,
    search_themes,
    statements_to_code,
    THEME_FILTERS,
    theme_statements,
    themes_overview,
    waits_for_validation,
)


def _top_domains(theme: Theme) -> list[tuple[str, int]]:
    """The life domains most narrators of a theme speak from, with how many experts in the pool
    have that experience: where the knowledge meets the people."""
    from meervoud.pool.models import ExpertProfile

    counts = (theme.evidence or {}).get("life_domains", {})
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
    return [(slug, ExpertProfile.objects.available().filter(domains__slug=slug).count())
            for slug, _n in top]



def _mark_withheld(themes, withheld=None) -> list[Theme]:
    """Each theme with ``withheld_fields``: which of its texts the Kennisbank withholds for
    pointing to a person (the ``theme_links`` filters read it; asked once per page, not per
    theme)."""
    withheld = withheld_themes() if withheld is None else withheld
    themes = list(themes)
    for theme in themes:
        theme.withheld_fields = withheld[theme.key].fields if theme.key in withheld else ()
    return themes


def _filter_links(query) -> dict[str, str]:
    """Per filter the query string that turns it on, or off when it is on, keeping the other."""
    links = {}
    for parameter, name in THEME_FILTERS.items():
        toggled = query.copy()
        toggled.pop(PAGE, None)  # another list: start at its beginning
        if toggled.get(parameter) == "1":
            toggled.pop(parameter)
        else:
            toggled[parameter] = "1"
        links[name] = f"?{toggled.urlencode()}" if toggled else ""
    return links


class ThemeListView(CapabilityRequiredMixin, View):
    capability = "knowledge.view"

    def get(self, request):
        run = busy_run()
        last_done = AnalysisRun.objects.filter(status=AnalysisRun.Status.DONE).first()
        chosen = {name: request.GET.get(parameter) == "1" for parameter, name in THEME_FILTERS.items()}
        themes = list(themes_overview(**chosen))
        withheld = withheld_themes()
        curates = user_can(request.user, "knowledge.curate")
        query = request.GET.get("q", "").strip()[:200]
        if query:
            themes = search_themes(themes, query, curates=curates, withheld=withheld)
        left_out = left_out_of_kennisbank(themes, withheld)
        new_in = first_found_by(last_done)
        for theme in themes:
            theme.left_out = left_out.get(theme.key, "")
            theme.is_new = new_in is not None and theme.first_run_id == new_in
            for sub in theme.listed_subthemes:
                sub.is_new = new_in is not None and sub.first_run_id == new_in
        for theme in _mark_withheld([*themes, *(sub for theme in themes for sub in theme.listed_subthemes)],
                                    withheld):
            if theme.key in withheld:  # the words found are for those who can change them
                theme.withheld = withheld_short(withheld[theme.key]) if curates else withheld_for_readers()
            else:
                theme.withheld = ""
        active = Theme.objects.filter(active=True)
        return render(request, "knowledge/theme_list.html", {
            "themes": themes,
            "filtered": any(chosen.values()) or bool(query),
            "query": query,
            # the filters that are on, kept by the search form
            "kept_filters": [parameter for parameter, name in THEME_FILTERS.items() if chosen[name]],
            **chosen,
            "filter_links": _filter_links(request.GET),
            "unnamed_count": active.filter(needs_a_name()).count(),
            "waiting_count": active.filter(waits_for_validation()).count(),
            "quotes_count": active.filter(quote_review.quotes_wanted()).count() if curates else None,
            "run": run,
            "running": run is not None,
            "last_done": last_done,
            "retired": retired_by(last_done),
            "k": k_threshold(),
            "saturation": saturation_curves(last_done),
            "can_analyse": user_can(request.user, "knowledge.analyse"),
            "can_code": user_can(request.user, "knowledge.code"),
        })


class AnalysisRequestView(CapabilityRequiredMixin, View):
    """Starts a re-analysis in the background; the page shows its progress."""

    capability = "knowledge.analyse"

    def post(self, request):
        run = services.request_analysis(user=request.user, reason=_("Gestart vanuit de webapp"))
        messages.success(request, _("De analyse is gestart. Deze pagina laat zien hoe ver hij is."))
        return redirect("knowledge:run", pk=run.pk)


class AnalysisRunView(CapabilityRequiredMixin, View):
    capability = "knowledge.view"

    def get(self, request, pk):
        run = get_object_or_404(AnalysisRun, pk=pk)
        return render(request, "knowledge/run.html", {
            "run": run,
            "running": run.busy,
            "retired": retired_by(run) if run.status == AnalysisRun.Status.DONE else [],
        })


def _linkable(user, statements) -> set[int]:
    """The stories whose narrator and place a reader may see next to their statements: those
    they may read whole. Otherwise one pseudonym would tie together, theme by theme, the story
    of a narrator who refused research."""
    if not user_can(user, "stories.view_deidentified"):
        return set()  # peer experts who curate read statements, never whole stories
    ids = {statement.story_id for statement in statements}
    return set(readable_stories(user).filter(pk__in=ids).values_list("pk", flat=True))


def _conflict_message(conflict: Exception, *, both: bool) -> str:
    """What she is told when a colleague saved the name or the collective statement after her
    page was opened (``both``: her form sent the name and the statement together)."""
    if isinstance(conflict, curation.NameChanged):
        if both:
            return _("Iemand anders heeft de naam van het thema intussen veranderd. Er is niets "
                     "opgeslagen: wat je schreef, staat hieronder nog in de velden. Lees eerst de nieuwe "
                     "naam hierboven. Sla daarna opnieuw op als jouw naam de plaats moet innemen.")
        return _("Iemand anders heeft de naam van het thema intussen veranderd. Jouw naam is niet "
                 "opgeslagen: hij staat hieronder nog in het veld. Lees eerst de nieuwe naam "
                 "hierboven. Sla daarna opnieuw op als jouw naam de plaats moet innemen.")
    if both:
        return _("Iemand anders heeft de kennisuitspraak intussen veranderd. Er is niets opgeslagen: "
                 "wat je schreef, staat hieronder nog in de velden. Lees eerst de nieuwe tekst "
                 "hierboven. Sla daarna opnieuw op als jouw tekst de plaats moet innemen.")
    return _("Iemand anders heeft de kennisuitspraak intussen veranderd. Jouw tekst is niet "
             "opgeslagen: hij staat hieronder nog in het veld. Lees eerst de nieuwe tekst "
             "hierboven. Sla daarna opnieuw op als jouw tekst de plaats moet innemen.")


def _name_waits_message(theme: Theme, had_public_name: bool) -> str:
    """What happens to a new name that waits for validation. A theme or sub-theme without a
    name has no validated name for the Kennisbank to keep meanwhile."""
    if had_public_name:
        return _("De nieuwe naam is opgeslagen. De Kennisbank toont de gevalideerde naam tot "
                 "iemand anders de nieuwe valideert.")
    if theme.parent_id:
        # the Kennisbank lists only the sub-themes with a name
        return _("De naam is opgeslagen. Dit subthema staat nog niet in de Kennisbank, omdat het "
                 "geen naam had. Als iemand anders de naam valideert, komt het erin onder deze naam.")
    return _("De naam is opgeslagen. In de Kennisbank heeft dit thema nog geen naam. Als iemand "
             "anders de naam valideert, krijgt het thema daar deze naam.")


def _tell_words_cut(request, saved: curation.SavedTexts) -> None:
    if saved.words_cut:
        messages.warning(request, _(
            "Een verteller heeft intussen haar of zijn toestemming ingetrokken. Haar of zijn "
            "woorden zijn uit jouw tekst gehaald; op die plek staat nu […]."))


def _history(theme: Theme, newest: int = 10) -> dict:
    """The theme's whole history: ``events`` (the newest) and ``older_events``; the themes the
    events name are read at once, not one query per line."""
    events = list(theme.curation_events.select_related("user"))
    keys = {event.detail.get(event.OTHER_THEME[event.action]) for event in events
            if event.action in event.OTHER_THEME} - {None}
    others = {other.key: other for other in Theme.objects.filter(key__in=keys)} if keys else {}
    for event in events:
        if event.action in event.OTHER_THEME:
            event.other_theme = others.get(event.detail.get(event.OTHER_THEME[event.action]))
    return {"events": events[:newest], "older_events": events[newest:]}


class ThemeDetailView(CapabilityRequiredMixin, View):
    capability = "knowledge.view"

    # A theme of a large corpus holds tens of thousands of statements: one page of them at a time.
    per_page = 100

    def _context(self, request, theme, versions: dict | None = None, **forms):
        statements = theme_statements(theme, reader=request.user).order_by("pk")
        page = Paginator(statements, self.per_page).get_page(
            request.POST.get(PAGE) or request.GET.get(PAGE))
        # a researcher is told how many she may not read, never what they say
        unreadable = (theme_statements(theme).count() - page.paginator.count
                      if codes_for_research(request.user) else 0)
        by_key = {s.key: s for s in statements.filter(key__in=theme.representative_keys)}
        action_form = forms.get("action_form")
        # validated before its words were checked: curators must see why it is not public
        every_withheld = withheld_themes()
        _mark_withheld([theme, *([theme.parent] if theme.parent_id else [])], every_withheld)
        withheld = every_withheld.get(theme.key)
        can_curate = user_can(request.user, "knowledge.curate")
        reviews_quotes = can_curate and not theme.parent_id
        return {
            "theme": theme,
            "page": page,
            "unreadable": unreadable,
            "linkable": _linkable(request.user, page),
            "chosen": set(action_form.data.getlist("statements")) if action_form else set(),
            "representatives": [by_key[key] for key in theme.representative_keys if key in by_key],
            "evidence": theme.evidence,
            "subthemes": _mark_withheld(theme.subthemes.filter(active=True), every_withheld),
            "can_curate": can_curate,
            "rename_form": forms.get("rename_form") or RenameForm(
                initial={"name": curation.current_name(theme) or theme.label}),
            # after bad input: the versions her page was opened on, so a colleague's change
            # in the meantime is still told when she saves again
            "name_version": (versions or {}).get("name") or curation.name_version(theme),
            "name_public": curation.name_is_public(theme),
            # what of the words waiting for validation she wrote: someone else validates them
            "own_words": curation.own_words(theme, request.user),
            "insight_form": forms.get("insight_form") or InsightForm(
                initial={"insight": curation.current_insight(theme)}),
            "insight_version": ((versions or {}).get("insight")
                                or curation.insight_version(curation.current_insight(theme))),
            "action_form": action_form or StatementActionForm(
                theme=theme, statement_keys=[s.key for s in page]),
            # the newest changes, and the rest folded away: what a merge keeps of the merged
            # theme's words must stay readable however many changes came after it
            **_history(theme),
            # its last merge, to undo, or why that is no longer possible
            "merge_undo": unmerge.merge_undo_offer(theme) if can_curate else None,
            "kinds": Statement.Kind.choices,
            # quotes are published per theme; curators read them first (knowledge.quote_review)
            "quotes": quote_review.for_review(theme) if reviews_quotes else None,
            "refused_quotes": quote_review.refused(theme) if reviews_quotes else [],
            "quote_counts": quote_review.review_counts(theme) if reviews_quotes else None,
            "most_quotes": quote_review.QUOTES_PER_THEME,
            "expert_domains": _top_domains(theme) if user_can(request.user, "pool.manage") else [],
            "published": is_published(theme),
            "withheld": ((withheld_notice(withheld) if can_curate else withheld_for_readers())
                         if withheld else ""),
            "k": k_threshold(),
        }

    def _save_texts(self, request, theme):
        """The name and the collective statement, sent together by one form ("texts"; the
        older forms "rename" and "insight" send one of them); ``curation.save_texts`` decides
        what of them she changed and stores it."""
        was = {"name": request.POST.get("name_was"), "insight": request.POST.get("insight_was")}
        rename_form = RenameForm(request.POST, theme=theme) if "name" in request.POST else None
        insight_form = InsightForm(request.POST) if "insight" in request.POST else None
        sent = [form for form in (rename_form, insight_form) if form is not None]
        if not all([form.is_valid() for form in sent]):  # a list: every field gets its errors
            return render(request, "knowledge/theme_detail.html", self._context(
                request, theme, versions=was, rename_form=rename_form, insight_form=insight_form))
        try:
            saved = curation.save_texts(
                theme, user=request.user, name_was=was["name"], insight_was=was["insight"],
                name=rename_form.cleaned_data["name"] if rename_form else None,
                insight=insight_form.cleaned_data["insight"] if insight_form else None)
        except (curation.NameChanged, curation.InsightChanged) as conflict:
            saved = conflict.texts
            _tell_words_cut(request, saved)
            messages.error(request, _conflict_message(conflict, both=len(sent) > 1))
            if saved.words_cut:
                insight_form = InsightForm({"insight": saved.cut})
            # what she typed stays in its field; a field she left shows what is stored now
            return render(request, "knowledge/theme_detail.html", self._context(
                request, theme, rename_form=rename_form if saved.name_changed else None,
                insight_form=insight_form if saved.insight_changed else None), status=409)
        _tell_words_cut(request, saved)
        if saved.name_waits:
            messages.success(request, _name_waits_message(theme, saved.had_name))
        if saved.insight_waits:
            messages.success(request, _(
                "De nieuwe kennisuitspraak is opgeslagen. De Kennisbank toont de gevalideerde "
                "tekst tot iemand anders de nieuwe valideert."))
        if not (saved.name_waits or saved.insight_waits):
            messages.success(request, _("Opgeslagen."))
        return redirect("knowledge:theme", key=theme.key)

    def get(self, request, key):
        theme = get_object_or_404(Theme, key=key)
        record(request, "view", theme, theme.key, detail="thema met uitspraken")
        return render(request, "knowledge/theme_detail.html", self._context(request, theme))

    def post(self, request, key):
        theme = get_object_or_404(Theme, key=key)
        if not user_can(request.user, "knowledge.curate"):
            raise PermissionDenied
        what = request.POST.get("form")
        if what in {"texts", "rename", "insight"}:
            return self._save_texts(request, theme)
        if what in {"validate", "unvalidate"}:
            try:
                curation.set_validated(theme, what == "validate", user=request.user,
                                       based_on=request.POST.get("insight_was", ""),
                                       name_based_on=request.POST.get("name_was", ""))
            except curation.OwnSubthemeNames as refused:
                messages.error(request, refused.message)
                theme.refresh_from_db()
                return render(request, "knowledge/theme_detail.html", self._context(request, theme),
                              status=403)
            except curation.Unnamed as refused:
                messages.error(request, refused.message)
                theme.refresh_from_db()
                return render(request, "knowledge/theme_detail.html", self._context(request, theme),
                              status=400)
            except curation.OwnWords:
                messages.error(request, _(
                    "Je hebt de nieuwe naam of kennisuitspraak zelf geschreven. Iemand anders leest "
                    "hem na en valideert hem: zo kijken altijd twee mensen naar wat in de Kennisbank "
                    "komt. Er is niets gevalideerd."))
                theme.refresh_from_db()
                return render(request, "knowledge/theme_detail.html", self._context(request, theme),
                              status=403)
            except curation.IdentifyingText as refused:
                # the kinds only: the words are on the page, a message may outlive it
                messages.error(request, _(
                    "Er is niets gevalideerd. In %(where)s staat iets waaraan iemand te herkennen is "
                    "(%(kinds)s). Iedereen kan lezen wat in de Kennisbank staat. Pas de tekst eerst "
                    "aan.") % {"where": where(refused.fields), "kinds": kinds_of(refused.found)})
                theme.refresh_from_db()
                return render(request, "knowledge/theme_detail.html", self._context(request, theme),
                              status=400)
            except curation.NameChanged:
                theme.refresh_from_db()
                messages.error(request, _(
                    "De naam van het thema is intussen veranderd. Er is niets gevalideerd. Lees de "
                    "nieuwe naam hieronder en valideer opnieuw als hij klopt."))
                return render(request, "knowledge/theme_detail.html", self._context(request, theme),
                              status=409)
            except curation.InsightChanged:
                theme.refresh_from_db()
                if theme.insight_draft is not None:
                    messages.error(request, _(
                        "De nieuwe tekst is intussen weer veranderd. Er is niets gevalideerd. Lees de "
                        "nieuwe tekst hieronder en valideer opnieuw als hij klopt."))
                else:
                    messages.error(request, _(
                        "Iemand anders heeft de kennisuitspraak intussen veranderd. Er is niets "
                        "gevalideerd. Lees de nieuwe tekst hieronder en valideer opnieuw als hij klopt."))
                return render(request, "knowledge/theme_detail.html", self._context(request, theme),
                              status=409)
        elif what == "statements":
            return self._act_on_statements(request, theme)
        elif what == "kinds":
            return self._save_kinds(request, theme)
        messages.success(request, _("Opgeslagen."))
        return redirect("knowledge:theme", key=theme.key)

    def _act_on_statements(self, request, theme):
        """Move, split off or merge (the form under the statements)."""
        keys = list(theme_statements(theme).values_list("key", flat=True))
        form = StatementActionForm(request.POST, theme=theme, statement_keys=keys)
        if not form.is_valid():
            return render(request, "knowledge/theme_detail.html",
                          self._context(request, theme, action_form=form))
        data = form.cleaned_data
        chosen = Statement.objects.filter(key__in=data["statements"])
        if data["action"] == "merge" and request.POST.get("confirm") != "1":
            # a whole theme cannot be split back as it was: ask first, and say what the target loses
            target = data["target"]
            return render(request, "knowledge/merge_confirm.html", {
                "theme": theme, "target": target, "has_subthemes": theme.subthemes.filter(active=True).exists(),
                "target_loses_validation": target.validated and not theme.validated,
                "target_published": is_published(target)})
        try:
            if data["action"] == "move":
                curation.move_statements(chosen, data["target"], user=request.user)
            elif data["action"] == "split":
                new = curation.split(theme, chosen, data["new_name"], user=request.user)
                messages.success(request, _("Nieuw thema gemaakt."))
                return redirect("knowledge:theme", key=new.key)
            else:
                curation.merge(theme, data["target"], user=request.user)
                messages.success(request, _("De thema's zijn samengevoegd."))
                return redirect("knowledge:theme", key=data["target"].key)
        except curation.ThemeGone as refused:
            # a colleague merged one of them after the form was checked: what she chose stays
            form.add_error(None, refused.message)
            theme.refresh_from_db()
            return render(request, "knowledge/theme_detail.html",
                          self._context(request, theme, action_form=form), status=409)
        messages.success(request, _("Opgeslagen."))
        return redirect("knowledge:theme", key=theme.key)

    def _save_kinds(self, request, theme):
        """A curator's corrections of what the statements on her page are (helped, hindered...)."""
        chosen = {name[len("kind-"):]: (request.POST.get(f"kind_was-{name[len('kind-'):]}"), value)
                  for name, value in request.POST.items() if name.startswith("kind-")}
        # at most a page of statements; a longer post is not from this page
        saved = curation.set_kinds(theme, dict(list(chosen.items())[:self.per_page]), user=request.user)
        if saved.changed:
            messages.success(request, ngettext(
                "De soort van %(count)s uitspraak is veranderd. De cijfers zijn opnieuw geteld.",
                "De soort van %(count)s uitspraken is veranderd. De cijfers zijn opnieuw geteld.",
                saved.changed) % {"count": saved.changed})
        if saved.stale:
            messages.warning(request, ngettext(
                "%(count)s uitspraak is niet veranderd: iemand anders heeft de soort intussen "
                "veranderd, of de uitspraak staat niet meer bij dit thema. Hieronder zie je wat er nu staat.",
                "%(count)s uitspraken zijn niet veranderd: iemand anders heeft de soort intussen "
                "veranderd, of de uitspraken staan niet meer bij dit thema. Hieronder zie je wat er nu staat.",
                saved.stale) % {"count": saved.stale})
        if not (saved.changed or saved.stale):
            messages.info(request, _("Er is niets veranderd: je koos bij geen uitspraak een andere soort."))
        page = request.POST.get(PAGE, "")
        where = f"?{PAGE}={page}" if page.isdecimal() else ""
        return redirect(f"{reverse('knowledge:theme', args=[theme.key])}{where}#uitspraken")


class MergeUndoView(CapabilityRequiredMixin, View):
    """"Samenvoegen ongedaan maken" on the target's page (its history): the merged theme comes
    back as it was (``unmerge.undo_merge``)."""

    capability = "knowledge.curate"

    def post(self, request, key):
        theme = get_object_or_404(Theme, key=key)
        event = request.POST.get("samenvoeging", "")
        if not (event.isdecimal() and len(event) < 19):
            raise Http404
        back = redirect(f"{reverse('knowledge:theme', args=[theme.key])}#samenvoegen-ongedaan")
        try:
            undone = unmerge.undo_merge(theme, int(event), user=request.user)
        except unmerge.NotAMerge:
            raise Http404 from None
        except unmerge.MergeUndone as done:
            messages.info(request, done.message)
            return back
        except (unmerge.UndoRefused, curation.ThemeGone) as refused:
            messages.error(request, refused.message)
            return back
        messages.success(request, _(
            "Het samenvoegen is ongedaan gemaakt. ‘%(name)s’ is weer een apart thema, met zijn eigen "
            "uitspraken.") % {"name": undone.theme.working_title})
        for title in undone.validation_lost:
            messages.warning(request, _(
                "‘%(name)s’ is niet meer gevalideerd: een verteller trok intussen toestemming in, en haar "
                "of zijn woorden zijn uit de kennisuitspraak gehaald. Lees de tekst na en valideer "
                "opnieuw.") % {"name": title})
        return redirect("knowledge:theme", key=undone.theme.key)


class QuoteReviewView(CapabilityRequiredMixin, View):
    """A peer expert's decision on one sentence of a theme as a quote (the theme page's buttons)."""

    capability = "knowledge.curate"

    def post(self, request, key):
        theme = get_object_or_404(Theme, key=key, parent__isnull=True)
        decision = request.POST.get("besluit")
        back = redirect(f"{reverse('knowledge:theme', args=[theme.key])}#citaten")
        if decision not in {"ja", "nee"}:
            messages.error(request, _("Kies ‘Mag getoond worden’ of ‘Niet tonen’. Er is niets opgeslagen."))
            return back
        try:
            quote_review.review(theme, request.POST.get("uitspraak", ""), approve=decision == "ja",
                                user=request.user)
        except quote_review.NotQuotable:
            messages.error(request, _(
                "Deze zin kan geen citaat meer worden: hij hoort niet meer bij dit thema, of de "
                "verteller wil niet meer geciteerd worden. Er is niets opgeslagen."))
            return back
        except quote_review.IdentifyingQuote as refused:
            # the kinds only: the words are on the page, a message may outlive it
            messages.error(request, _(
                "Niet goedgekeurd: in deze zin staat iets waaraan iemand te herkennen is (%(kinds)s). "
                "Kies ‘Niet tonen’, of vraag een coördinator het verhaal aan te passen.")
                % {"kinds": kinds_of(refused.found)})
            return back
        messages.success(request, _("Goedgekeurd: deze zin mag als citaat in de Kennisbank staan.")
                         if decision == "ja" else _("Deze zin komt niet als citaat in de Kennisbank."))
        return back


MAX_CODED = 200  # statements in one post: a page shows ten


class CodingView(CapabilityRequiredMixin, View):
    """People code statements by hand; their agreement with each other and with the engine is
    shown on the agreement page."""

    capability = "knowledge.code"

    def get(self, request):
        record(request, "view", Statement, detail="uitspraken om te coderen")
        return render(request, "knowledge/coding.html", {
            "statements": statements_to_code(request.user),
            "themes": _mark_withheld(active_themes()),
            "coded": ManualCoding.objects.filter(coder=request.user, skipped=False).count(),
            "for_research": codes_for_research(request.user),
        })

    def post(self, request):
        # the choices the page offers: main themes only, so a code means what the engine's does
        themes = {str(theme.pk): theme for theme in active_themes()}
        # the statements on the page the coder sent, whatever an analysis did meanwhile
        posted = [int(name[5:]) for name in request.POST
                  if name.startswith("code-") and name[5:].isdecimal() and len(name) < 24][:MAX_CODED]
        allowed = codable_statements(request.user).filter(pk__in=posted)
        # e.g. a narrator took back research consent while a researcher was choosing: not kept
        chosen = [pk for pk in posted if request.POST.get(f"code-{pk}")]
        refused = Statement.objects.filter(pk__in=chosen).exclude(pk__in=allowed.values("pk")).count()
        saved, gone = 0, 0
        with transaction.atomic():
            for statement in allowed.exclude(codings__coder=request.user):
                value = request.POST.get(f"code-{statement.pk}")
                if value not in themes and value not in {"none", ""}:
                    gone += 1  # a theme merged or removed while the coder was choosing: ask again
                    continue
                # "Sla over" ("") is recorded too, or the same statements would come back forever
                ManualCoding.objects.update_or_create(
                    statement=statement, coder=request.user,
                    defaults={"theme": themes.get(value), "skipped": value == ""},
                )
                saved += value != ""
        messages.success(request, ngettext("%(count)s uitspraak gecodeerd.", "%(count)s uitspraken gecodeerd.",
                                           saved) % {"count": saved})
        if gone:
            messages.warning(request, ngettext(
                "%(count)s keuze is niet opgeslagen: dat thema is intussen samengevoegd of opgeheven. "
                "De uitspraak staat hieronder weer; kies opnieuw.",
                "%(count)s keuzes zijn niet opgeslagen: die thema's zijn intussen samengevoegd of opgeheven. "
                "De uitspraken staan hieronder weer; kies opnieuw.", gone) % {"count": gone})
        if refused:
            messages.warning(request, ngettext(
                "%(count)s keuze is niet opgeslagen: de verteller wil niet (meer) dat die uitspraak "
                "voor onderzoek gebruikt wordt.",
                "%(count)s keuzes zijn niet opgeslagen: de vertellers willen niet (meer) dat die "
                "uitspraken voor onderzoek gebruikt worden.", refused) % {"count": refused})
        return redirect("knowledge:coding")


class AgreementView(CapabilityRequiredMixin, View):
    capability = "knowledge.view"

    def get(self, request):
        return render(request, "knowledge/agreement.html", {
            "report": agreement(), "can_code": user_can(request.user, "knowledge.code")})
