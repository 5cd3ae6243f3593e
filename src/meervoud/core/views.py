from django.shortcuts import render

from meervoud.stories.models import Narrator, Story


def home(request):
    return render(request, "core/home.html", {
        "stories": Story.objects.count(),
        "narrators": Narrator.objects.filter(stories__isnull=False).distinct().count(),
    })
