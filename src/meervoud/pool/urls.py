from django.urls import path

from meervoud.pool import views

app_name = "pool"

urlpatterns = [
    path("", views.PoolOverviewView.as_view(), name="overview"),
    path("ervaringsdeskundigen/", views.ExpertListView.as_view(), name="experts"),
    path("ervaringsdeskundigen/<int:pk>/", views.ExpertEditView.as_view(), name="expert_edit"),
    path("opdrachten/", views.MyAssignmentsView.as_view(), name="assignments"),
    path("opdrachten/nieuw/", views.AssignmentCreateView.as_view(), name="assignment_new"),
    path("opdrachten/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment"),
    path("opdrachten/<int:pk>/bewerken/", views.AssignmentEditView.as_view(), name="assignment_edit"),
    path("profiel/", views.ProfileView.as_view(), name="profile"),
    path("profiel/verwijderen/", views.ProfileDeleteView.as_view(), name="profile_delete"),
    path("voorstellen/<int:pk>/", views.ProposalResponseView.as_view(), name="respond"),
]
