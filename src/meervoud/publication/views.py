"""The public knowledge base: published themes, their evidence and quotes, for everyone.

Views only pass the reader's choices to the publication selectors; every number they show has
been through disclosure control there.
"""

from django.http import Http404
from django.views.generic import TemplateView

from meervoud.practices.selectors import practices_for_themes
from meervoud.publication import documents, search
from meervoud.publication.disclosure import Scope, k_threshold
from meervoud.publication.forms import KnowledgeFilterForm
from meervoud.publication.selectors import (
    corpus_saturation, figures_as_of, published_themes, scope_label,
)


class ThemeListView(TemplateView):
    template_name = "publication/theme_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = KnowledgeFilterForm(self.request.GET or None)
        scope = form.scope()
        view = published_themes(scope)
        query = form.cleaned_data.get("q", "").strip() if form.is_valid() else ""
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
            fictional=documents.uses_fictional_data(),
        )
        saturation = corpus_saturation()
        context.update(saturation=saturation.curve, saturation_waits=saturation.waiting)
        return context


class ThemeDetailView(TemplateView):
    template_name = "publication/theme_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        view = published_themes(Scope(), with_quotes=True, keys=[kwargs["key"]])
        if not view.themes:
            raise Http404("Dit thema is niet gepubliceerd.")
        theme = view.themes[0]
        context.update(theme=theme, view=view, k=k_threshold(), fictional=documents.uses_fictional_data(),
                       practices=practices_for_themes([theme.pk]), as_of=figures_as_of(theme.pk))
        return context

