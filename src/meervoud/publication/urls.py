from django.urls import include, path

from meervoud.publication import views

app_name = "publication"

urlpatterns = [
    path("", views.ThemeListView.as_view(), name="themes"),
    path("thema/<str:key>/", views.ThemeDetailView.as_view(), name="theme"),
    # Infographics, reports and the workshop kit (documents made from the published knowledge).
    path("", include("meervoud.publication.document_urls")),
    path("", include("meervoud.publication.workshop_urls")),
]
