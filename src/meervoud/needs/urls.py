from django.urls import path

from meervoud.needs import views

app_name = "needs"

urlpatterns = [
    path("", views.NeedListView.as_view(), name="list"),
    path("nieuw/", views.QuestionnaireView.as_view(), name="ask"),
    path("overzicht/", views.OverviewView.as_view(), name="overview"),
    path("kloof/", views.GapView.as_view(), name="gaps"),
    path("<int:pk>/", views.NeedDetailView.as_view(), name="detail"),
]
