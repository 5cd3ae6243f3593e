from django.urls import path

from meervoud.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("voorstellen/", views.ProposalListView.as_view(), name="proposals"),
    path("voorstellen/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal"),
]
