"""The public knowledge base: published themes, their evidence and quotes, for everyone.

Views only pass the reader's choices to the publication selectors; every number they show has
been through disclosure control there.
"""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from meervoud.practices.selectors import practices_for_themes
from meervoud.publication import documents, search
from meervoud.publication.disclosure import Scope, k_threshold
from meervoud.publication.forms import KnowledgeFilterForm
from meervoud.publication.selectors import (
    corpus_saturation, figures_as_of, published_themes, scope_label, scoped_url,
)


class ThemeListView(TemplateView):
    template_name = "publication/theme_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = KnowledgeFilterForm(self.request.GET or None)
        scope = form.scope()
        view = published_themes(scope)
        query = form.chosen().get("q", "").strip()
        themes = view.themes
        related = []
        if query:
            themes = search.full_text(query, view.themes)
            found = {theme.key for theme in themes}
            related = [(theme, score) for theme, score in search.by_meaning(query, view.themes)
                       if theme.key not in found]
        context.update(
            form=form, view=view, themes=themes, related=related, query=query, k=k_threshold(),
            asked=scope_label(view.scope), used=scope_label(view.effective_scope),
            notice=documents.scope_notice(view),
            max_narrators=max((t.narrators for t in view.themes), default=1),
            fictional=documents.uses_fictional_data(), downloads=_downloads(view, query),
        )
        saturation = corpus_saturation()
        context.update(saturation=saturation.curve, saturation_waits=saturation.waiting)
        return context


def _downloads(view, query: str) -> dict[str, str]:
    """The spreadsheets of exactly what the list shows: the same place, life domain, level
    and search words (the export widens a small place the same way)."""
    if not view.themes:
        return {}
    return {kind: scoped_url(reverse(f"api:export-themas-{kind}"), view.scope, zoek=query)
            for kind in ("csv", "xlsx")}


class ThemeDetailView(TemplateView):
    """One theme, counted for the scope in the address (``?gemeente=Groningen``, as the
    Kennisbank's filters), so its figures are those of the card, report or infographic it was
    opened from; the page always says which place they are about."""

    template_name = "publication/theme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key, k = kwargs["key"], k_threshold()
        asked = KnowledgeFilterForm(self.request.GET or None).scope()
        view = published_themes(asked, with_quotes=True, keys=[key])
        notice = documents.scope_notice(view)
        if not view.themes and asked != Scope():
            # too few of its narrators there (or none): the whole country's figures, saying so
            # in the words the Kennisbank uses for the themes it leaves out
            view = published_themes(Scope(), with_quotes=True, keys=[key])
            notice = _("In %(asked)s rust dit thema op te weinig vertellers om cijfers te tonen "
                       "(minder dan %(k)s). De cijfers hieronder gaan over heel Nederland.") % {
                "asked": scope_label(asked), "k": k}
        if not view.themes:
            raise Http404("Dit thema is niet gepubliceerd.")
        theme = view.themes[0]
        context.update(
            theme=theme, view=view, k=k, fictional=documents.uses_fictional_data(),
            practices=practices_for_themes([theme.pk]), as_of=figures_as_of(theme.pk),
            about=scope_label(view.effective_scope), notice=notice,
            # the Kennisbank as she left it, and this theme without any filter
            back=scoped_url(reverse("publication:themes"), asked),
            national=reverse("publication:theme", args=[key]) if view.scope != Scope() else "")
        return context

