from django.urls import path

from meervoud.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="list"),
    path("nieuw/", views.PlanCreateView.as_view(), name="create"),
    path("sjablonen/", views.TemplatesView.as_view(), name="templates"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="detail"),
    path("<int:pk>/bewerken/", views.PlanEditView.as_view(), name="edit"),
    path("<int:pk>/verwijderen/", views.PlanDeleteView.as_view(), name="delete"),
    path("<int:pk>/tabel/<slug:table>/", views.ActionTableView.as_view(), name="table"),
    path("<int:pk>/acties/<int:action_pk>/voortgang/", views.ProgressView.as_view(),
         name="progress"),
    path("<int:pk>/team/", views.MembersView.as_view(), name="members"),
    path("<int:pk>/routekaart/", views.RoadmapView.as_view(), name="roadmap"),
    path("<int:pk>/checklists/", views.ChecklistsView.as_view(), name="checklists"),
    path("<int:pk>/punten/<int:item_pk>/", views.ItemUpdateView.as_view(), name="item"),
    path("<int:pk>/checklists/<int:checklist_pk>/punt-toevoegen/", views.ItemAddView.as_view(),
         name="item_add"),
    path("<int:pk>/checklists/<int:checklist_pk>/naam/", views.ChecklistRenameView.as_view(),
         name="checklist_rename"),
    path("<int:pk>/checklists/<int:checklist_pk>/verwijderen/",
         views.ChecklistDeleteView.as_view(), name="checklist_delete"),
    path("<int:pk>/fasen/<int:checklist_pk>/", views.PhaseUpdateView.as_view(), name="phase"),
    path("<int:pk>/plan-van-aanpak.docx", views.ExportDocxView.as_view(), name="docx"),
    path("<int:pk>/plan-van-aanpak.pdf", views.ExportPdfView.as_view(), name="pdf"),
    path("<int:pk>/programmas/nieuw/", views.ProgrammeCreateView.as_view(),
         name="programme_create"),
    path("<int:pk>/programmas/<int:programme_pk>/", views.ProgrammeView.as_view(),
         name="programme"),
    path("<int:pk>/programmas/<int:programme_pk>/verwijderen/", views.ProgrammeDeleteView.as_view(),
         name="programme_delete"),
    path("<int:pk>/programmas/<int:programme_pk>/dagdelen/<int:session_pk>/",
         views.SessionEditView.as_view(), name="session"),
    path("<int:pk>/programmas/<int:programme_pk>/dagdelen/<int:session_pk>/verwijderen/",
         views.SessionDeleteView.as_view(), name="session_delete"),
    path("<int:pk>/programmas/<int:programme_pk>/afdrukken/", views.ProgrammePrintView.as_view(),
         name="programme_print"),
    path("<int:pk>/programmas/<int:programme_pk>/programma.pdf", views.ProgrammePdfView.as_view(),
         name="programme_pdf"),
]
