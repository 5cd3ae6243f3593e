from django.urls import path

from meervoud.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.ThemeListView.as_view(), name="themes"),
    path("analyse/", views.AnalysisRequestView.as_view(), name="analyse"),
    path("analyse/<int:pk>/", views.AnalysisRunView.as_view(), name="run"),
    path("coderen/", views.CodingView.as_view(), name="coding"),
    path("overeenstemming/", views.AgreementView.as_view(), name="agreement"),
    path("thema/<str:key>/", views.ThemeDetailView.as_view(), name="theme"),
    path("thema/<str:key>/citaat/", views.QuoteReviewView.as_view(), name="quote_review"),
    path("thema/<str:key>/samenvoegen-ongedaan-maken/", views.MergeUndoView.as_view(), name="merge_undo"),
]
