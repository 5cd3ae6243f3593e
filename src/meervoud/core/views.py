from django.shortcuts import render

from meervoud.stories.models import Narrator, Story


def home(request):
    return render(request, "core/home.html", {
        "stories": Story.objects.count(),
        "narrators": Narrator.objects.filter(stories__isnull=False).distinct().count(),
    })


def health(request):
    """For load balancers and monitoring: answers only when the database answers too."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
