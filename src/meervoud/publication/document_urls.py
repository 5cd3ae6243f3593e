"""Documents made from the published knowledge, included in the ``publication`` namespace."""

from django.urls import path

from meervoud.publication import document_views as views

urlpatterns = [
    path("infographic/", views.InfographicView.as_view(), name="infographic"),
    path("infographic.svg", views.InfographicSvgView.as_view(), name="infographic_svg"),
    path("infographic.pdf", views.InfographicPdfView.as_view(), name="infographic_pdf"),
    path("rapport/", views.ReportChoiceView.as_view(), name="report_choice"),
    path("rapport/<str:municipality>/", views.ReportView.as_view(), name="report"),
    path("rapport/<str:municipality>/rapport.pdf", views.ReportPdfView.as_view(), name="report_pdf"),
    path("rapport/<str:municipality>/rapport.docx", views.ReportDocxView.as_view(),
         name="report_docx"),
]
