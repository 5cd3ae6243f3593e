from django.urls import path

from meervoud.practices import views

app_name = "practices"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("voorstellen/", views.ProposeView.as_view(), name="propose"),
    path("beoordelen/", views.ReviewQueueView.as_view(), name="review"),
    path("<slug:slug>/", views.PracticeDetailView.as_view(), name="detail"),
    path("<slug:slug>/bewerken/", views.EditView.as_view(), name="edit"),
    path("<slug:slug>/beoordelen/", views.ReviewView.as_view(), name="decide"),
    path("<slug:slug>/intrekken/", views.WithdrawView.as_view(), name="withdraw"),
    path("<slug:slug>/wijzigen/", views.ChangeView.as_view(), name="change"),
    path("<slug:slug>/uit-catalogus/", views.TakeOutView.as_view(), name="take_out"),
]
