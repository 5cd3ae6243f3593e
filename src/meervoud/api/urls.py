from csp.decorators import csp_update
from django.urls import path, re_path
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from meervoud.api import needs, pool, practices, stories, themes
from meervoud.api.export_views import (
    NeedExportView, PracticeExportView, ThemeExportView, export_view,
)
from meervoud.api.views import NotFoundView

app_name = "api"

# NL API Design Rules: Dutch plural resource names, kebab-case, no trailing slash.
urlpatterns = [
    path("openapi.json", SpectacularAPIView.as_view(renderer_classes=[OpenApiJsonRenderer]),
         name="schema"),
    # The split view serves its start-up script as a file (the site's CSP allows no inline
    # script); Swagger UI does style its own elements inline, on this page only.
    path("docs", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("verhalen", stories.StoryIntakeView.as_view(), name="stories"),
    path("themas", themes.ThemeListView.as_view(), name="themes"),
    path("themas/<str:sleutel>", themes.ThemeDetailView.as_view(), name="theme"),
    path("goede-praktijken", practices.PracticeListView.as_view(), name="practices"),
    path("goede-praktijken/<str:slug>", practices.PracticeDetailView.as_view(), name="practice"),
    path("kennisbehoeften", needs.NeedListView.as_view(), name="needs"),
    re_path(r"^kennisbehoeften/(?P<id>[0-9]{1,18})$", needs.NeedDetailView.as_view(), name="need"),
    path("ervaringsdeskundigen", pool.ExpertListView.as_view(), name="experts"),
    re_path(r"^ervaringsdeskundigen/(?P<id>[0-9]{1,18})$", pool.ExpertDetailView.as_view(),
            name="expert"),
    path("opdrachten", pool.AssignmentListView.as_view(), name="assignments"),
    re_path(r"^opdrachten/(?P<id>[0-9]{1,18})$", pool.AssignmentDetailView.as_view(),
            name="assignment"),
    re_path(r"^opdrachten/(?P<id>[0-9]{1,18})/annuleren$", pool.AssignmentCancelView.as_view(),
            name="assignment-cancel"),
]
for _base, _name in ((ThemeExportView, "themas"), (PracticeExportView, "goede-praktijken"),
                     (NeedExportView, "kennisbehoeften")):
    for _kind in ("csv", "xlsx"):
        urlpatterns.append(path(f"export/{_name}.{_kind}", export_view(_base, _kind).as_view(),
                                name=f"export-{_name}-{_kind}"))
# Anything else under /api/v1/ is a problem+json 404, not the website's HTML page.
urlpatterns.append(re_path(r"^.*$", NotFoundView.as_view(), name="not-found"))
