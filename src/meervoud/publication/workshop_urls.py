"""The workshop kit, included in the ``publication`` namespace (under /kennisbank/)."""

from django.urls import path

from meervoud.publication import workshop_views as views

urlpatterns = [
    path("workshop/", views.WorkshopView.as_view(), name="workshop"),
    path("workshop.pdf", views.WorkshopPdfView.as_view(), name="workshop_pdf"),
]
