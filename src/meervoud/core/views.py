from django.shortcuts import render

from meervoud.publication.disclosure import k_threshold
from meervoud.stories.selectors import public_totals


def home(request):
    return render(request, "core/home.html", {"totals": public_totals(k_threshold())})


def health(request):
    """For load balancers and monitoring: answers only when the database answers too."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
