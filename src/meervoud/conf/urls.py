from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("", include("meervoud.core.urls")),
    path("account/", include("meervoud.accounts.urls")),
    path("", include("meervoud.stories.urls")),
    path("kennis/", include("meervoud.knowledge.urls")),
    path("pool/", include("meervoud.pool.urls")),
    path("kennisbank/", include("meervoud.publication.urls")),
    path("praktijken/", include("meervoud.practices.urls")),
    path("behoeften/", include("meervoud.needs.urls")),
    path("aanpak/", include("meervoud.plans.urls")),
    path("lesmodule/", include("meervoud.teaching.urls")),
    path("uitwisseling/", include("meervoud.exchange.urls")),
    path("api/v1/", include("meervoud.api.urls")),
    path("logboek/", include("meervoud.audit.urls")),
]

handler500 = "meervoud.core.errors.server_error"
