"""The workshop kit: choose a municipality, see the agenda filled with local knowledge, download
the hand-out. Open to everyone; information needs only appear for users who may see them
(``workshop.build`` decides), and then the response is marked private."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from meervoud.publication import documents, workshop


def _asked(request) -> dict[str, str]:
    return {"gemeente": request.GET.get("gemeente", "").strip(),
            "start": request.GET.get("start", "").strip(),
            "vorm": workshop.parse_form(request.GET.get("vorm", ""))}


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _choices() -> dict:
    from meervoud.places.selectors import active_municipalities

    return {"municipalities": list(active_municipalities().values_list("name", flat=True)),
            "forms": [(value, str(workshop.FORM_LABELS[value])) for value in workshop.FORMS]}


def _private_if_needs(response: HttpResponse, kit: workshop.Kit) -> HttpResponse:
    if kit.has_needs:
        patch_cache_control(response, private=True, no_store=True)
    return response


class WorkshopView(TemplateView):
    """Without ``?gemeente=`` (or with an unknown one): the choice. With one: the kit."""

    template_name = "publication/workshop.html"

    def get(self, request, *args, **kwargs):
        asked = _asked(request)
        context = {"choices": _choices(), "selected": asked}
        if not asked["gemeente"]:
            context["selected"] = {**asked, "start": asked["start"] or f"{workshop.DEFAULT_START:%H:%M}"}
            return self.render_choice(context)
        try:
            choice = documents.resolve(gemeente=asked["gemeente"])
        except documents.UnknownName as problem:
            return self.render_choice({**context, "error": problem.message})
        start, error = workshop.parse_start(asked["start"])
        kit = workshop.build(choice, request.user, start=start, form=asked["vorm"],
                             base_url=_base(request))
        selected = {"gemeente": choice.municipality, "start": f"{start:%H:%M}", "vorm": kit.form}
        context.update(kit=kit, error=error, selected=selected, query=urlencode(selected))
        return _private_if_needs(self.render_to_response(context), kit)

    def render_choice(self, context):
        return self.response_class(request=self.request, template="publication/workshop_choice.html",
                                   context=context, using=self.template_engine)


class WorkshopPdfView(View):
    def get(self, request):
        asked = _asked(request)
        if not asked["gemeente"]:
            raise Http404("Kies een gemeente.")
        try:
            choice = documents.resolve(gemeente=asked["gemeente"])
        except documents.UnknownName as problem:
            raise Http404(problem.message) from problem
        start, _error = workshop.parse_start(asked["start"])
        kit = workshop.build(choice, request.user, start=start, form=asked["vorm"],
                             base_url=_base(request))
        response = HttpResponse(workshop.render_pdf(kit), content_type="application/pdf")
        filename = f"workshop-{slugify(choice.municipality)}-{kit.form}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return _private_if_needs(response, kit)
