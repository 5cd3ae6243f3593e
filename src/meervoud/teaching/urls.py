from django.urls import path

from meervoud.teaching import views

app_name = "teaching"

urlpatterns = [
    path("", views.ModuleView.as_view(), name="module"),
    path("delen/", views.ShareView.as_view(), name="share"),
    path("mijn-bijdragen/", views.MineView.as_view(), name="mine"),
    path("mijn-bijdragen/<int:pk>/aanpassen/", views.ReviseView.as_view(), name="revise"),
    path("mijn-bijdragen/<int:pk>/verwijderen/", views.WithdrawView.as_view(), name="withdraw"),
    path("beoordelen/", views.ModerationView.as_view(), name="moderation"),
    path("bijdragen/<int:pk>/bestand/", views.ContributionFileView.as_view(), name="file"),
]
