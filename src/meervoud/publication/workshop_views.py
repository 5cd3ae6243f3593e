"""The workshop kit: choose a municipality (and a life domain), see the agenda filled with local
knowledge, download the hand-out. Open to everyone; information needs only appear for users who
may see them (``workshop.build`` decides), and then the response is marked private.

An address the kit cannot follow (an unknown place or life domain, a time, form or break it
does not understand) gets the choice page with what was asked still filled in and a sentence
saying what is wrong, never the site's general error page."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from meervoud.publication import documents, workshop


def _asked(request) -> dict[str, str]:
    """What the address asks for, as typed (the form shows it again after an error)."""
    return {name: request.GET.get(name, "").strip()
            for name in ("gemeente", "domein", "start", "vorm", "pauze")}


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _choices() -> dict:
    from meervoud.places.selectors import active_municipalities

    return {"municipalities": list(active_municipalities().values_list("name", flat=True)),
            "domains": sorted(documents.domain_names().items(), key=lambda item: item[1].casefold()),
            "forms": [(value, str(workshop.FORM_LABELS[value])) for value in workshop.FORMS],
            "pauses": list(workshop.PAUSES)}


def _selected(asked: dict[str, str]) -> dict[str, str]:
    """The form's values: what was typed, where the form can show it."""
    return {**asked, "vorm": workshop.parse_form(asked["vorm"]),
            "pauze": asked["pauze"] if asked["pauze"].isdigit() else "0"}


def _private_if_needs(response: HttpResponse, kit: workshop.Kit) -> HttpResponse:
    if kit.has_needs:
        patch_cache_control(response, private=True, no_store=True)
    return response


class _KitMixin:
    """Reads the address into a kit, or into the error that the choice page shows."""

    def render_choice(self, asked: dict[str, str], error: str = "", status: int = 200):
        return TemplateResponse(self.request, "publication/workshop_choice.html", {
            "choices": _choices(), "selected": _selected(asked), "error": error}, status=status)

    def read(self, request):
        """(kit, problems, None), or (None, [], the choice page with the error)."""
        asked = _asked(request)
        if not asked["gemeente"]:
            return None, [], None
        try:
            choice = documents.resolve(gemeente=asked["gemeente"], domein=asked["domein"])
        except documents.UnknownName as problem:
            return None, [], self.render_choice(asked, problem.message, status=404)
        start, start_error = workshop.parse_start(asked["start"])
        pause, pause_error = workshop.parse_pause(asked["pauze"])
        problems = [text for text in (start_error, workshop.form_error(asked["vorm"]), pause_error)
                    if text]
        kit = workshop.build(choice, request.user, start=start, form=asked["vorm"],
                             base_url=_base(request), pause=pause)
        return kit, problems, None


def _query(kit: workshop.Kit) -> dict[str, str]:
    """The address of this kit as it was made (after the defaults for what was not understood)."""
    query = {"gemeente": kit.municipality, "domein": kit.choice.scope.domain,
             "start": f"{kit.start:%H:%M}", "vorm": kit.form, "pauze": str(kit.pause)}
    return {name: value for name, value in query.items() if value}


class WorkshopView(_KitMixin, TemplateView):
    """Without ``?gemeente=``: the choice. With a known one: the kit. With an unknown place or
    life domain: the choice again, with the error (404)."""

    template_name = "publication/workshop.html"

    def get(self, request, *args, **kwargs):
        kit, problems, failed = self.read(request)
        if failed is not None:
            return failed
        if kit is None:
            asked = _asked(request)
            return self.render_choice({**asked, "start": asked["start"] or f"{workshop.DEFAULT_START:%H:%M}",
                                       "pauze": asked["pauze"] or str(workshop.PROPOSED_PAUSE)})
        query = _query(kit)
        context = {"choices": _choices(), "kit": kit, "error": " ".join(problems),
                   "selected": {**query, "pauze": str(kit.pause)}, "query": urlencode(query)}
        return _private_if_needs(self.render_to_response(context), kit)


class WorkshopPdfView(_KitMixin, View):
    """The hand-out. A file is never made from an address with a mistake in it: the trainer
    would print a timetable she did not ask for."""

    def get(self, request):
        kit, problems, failed = self.read(request)
        if failed is not None:
            return failed
        if kit is None:
            return self.render_choice(_asked(request), _("Kies een gemeente."), status=404)
        if problems:
            return self.render_choice(_asked(request), " ".join(problems), status=400)
        response = HttpResponse(workshop.render_pdf(kit), content_type="application/pdf")
        parts = ["workshop", kit.municipality, kit.choice.scope.domain, kit.form]
        filename = "-".join(slugify(part) for part in parts if part) + ".pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return _private_if_needs(response, kit)
