from django.urls import path

from meervoud.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("mijn-werk/", views.my_work, name="my_work"),
    path("gezond/", views.health, name="health"),
    path("gezond/werker/", views.worker_health, name="worker_health"),
]
