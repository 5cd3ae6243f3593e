from django.urls import path

from meervoud.stories import narrator_views, views

app_name = "stories"

urlpatterns = [
    path("verhaal/nieuw/", views.StoryIntakeView.as_view(), name="intake"),
    path("verhaal/bedankt/", views.thanks, name="thanks"),
    path("mijn-verhalen/", narrator_views.MyStoriesView.as_view(), name="mine"),
    path("mijn-verhalen/gegevens/", narrator_views.MyDataSignedInView.as_view(), name="my_data_signed_in"),
    # before the personal link's pattern, which would take "nieuwe-link" for a link
    path("mijn-verhaal/nieuwe-link/", narrator_views.new_link, name="new_link"),
    path("mijn-verhaal/<str:token>/", narrator_views.MyStoryView.as_view(), name="my_story"),
    path("mijn-verhaal/<str:token>/gegevens/", narrator_views.my_data, name="my_data"),
    path("mijn-verhaal/<str:token>/nog-een-verhaal/", narrator_views.AnotherStoryView.as_view(),
         name="tell_another"),
    path("verhalen/", views.StoryListView.as_view(), name="list"),
    path("verhalen/importeren/", views.StoryImportView.as_view(), name="import"),
    path("verhalen/<int:pk>/", views.StoryDetailView.as_view(), name="detail"),
]
