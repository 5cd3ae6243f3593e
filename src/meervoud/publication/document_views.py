"""Pages and downloads of the infographic and the municipal report. Open to everyone: they
show only what the publication selectors let through."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from meervoud.publication import documents, infographic, report

PARAMS = ("gemeente", "regio", "provincie", "domein")


def _asked(request) -> dict[str, str]:
    return {name: request.GET.get(name, "").strip() for name in PARAMS}


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _document_url(page: str, asked: dict[str, str]) -> str:
    """The web page of a report or infographic for these names."""
    if page == "report":
        url = reverse("publication:report", args=[asked["gemeente"]])
        query = {"domein": asked["domein"]} if asked.get("domein") else {}
    else:
        url = reverse("publication:infographic")
        query = {name: value for name, value in asked.items() if value}
    return url + (f"?{urlencode(query)}" if query else "")


def _suggested(field: str, names: list[str]) -> list[tuple[str, str]]:
    """(value for the address, name to show) per suggestion; a life domain comes as both its
    slug and its name, and is offered once, by its name in the reader's language."""
    if field != "domein":
        return [(name, name) for name in names]
    by_name = documents.domains_by_name()
    found = {}
    for name in names:
        domain = by_name.get(name.casefold())
        if domain is not None:
            found.setdefault(domain.slug, str(domain))
    return list(found.items())


def _not_found(request, problem: documents.UnknownName, asked: dict[str, str], page: str):
    """A 404 that says which name we do not know and links the names that come close, instead
    of the site's general 404 (which is written for narrators who followed their own link)."""
    field = next((name for name, value in asked.items() if value == problem.name.strip()), None)
    suggestions = [{"name": name, "url": _document_url(page, {**asked, field: value})}
                   for value, name in _suggested(field, problem.suggestions)] if field else []
    choose = reverse("publication:report_choice" if page == "report" else "publication:infographic")
    return TemplateResponse(request, "publication/report_not_found.html", {
        "unknown": _("%(what)s '%(name)s' bestaat niet.") % {"what": problem.what,
                                                             "name": problem.name},
        "suggestions": suggestions, "page": page, "choose": choose}, status=404)


class _UnknownNameMixin:
    """Turns an unknown place or life domain in the address into ``_not_found``."""

    page = "report"

    def asked(self) -> dict[str, str]:
        return _asked(self.request)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except documents.UnknownName as problem:
            return _not_found(request, problem, self.asked(), self.page)


def _filename(choice: documents.Choice, stem: str, extension: str) -> str:
    parts = [stem, choice.scope.value or "nederland", choice.scope.domain]
    return "-".join(slugify(part) for part in parts if part) + f".{extension}"


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _form_choices() -> dict:
    from meervoud.places.models import Region
    from meervoud.places.selectors import active_municipalities

    return {"municipalities": list(active_municipalities().values_list("name", flat=True)),
            "regions": list(Region.objects.values_list("name", flat=True)),
            "domains": sorted(documents.domain_names().items(), key=lambda item: item[1])}


class InfographicView(TemplateView):
    template_name = "publication/infographic.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asked = _asked(self.request)
        error = ""
        try:
            choice = documents.resolve(**asked)
        except documents.UnknownName as problem:
            error, choice = problem.message, documents.resolve()
            asked = dict.fromkeys(PARAMS, "")
        info = infographic.build(choice, base_url=_base(self.request))
        context.update(infographic.context(info, web=True), error=error, selected=asked,
                       choices=_form_choices(),
                       query=urlencode({key: value for key, value in asked.items() if value}))
        return context


class InfographicPdfView(_UnknownNameMixin, View):
    page = "infographic"

    def get(self, request):
        choice = documents.resolve(**_asked(request))
        paper = request.GET.get("formaat", "A4").upper()
        if paper not in infographic.PAPER:
            paper = "A4"
        pdf = infographic.render_pdf(infographic.build(choice, base_url=_base(request)), paper=paper)
        return _download(pdf, "application/pdf", _filename(choice, f"infographic-{paper}", "pdf"))


class InfographicSvgView(_UnknownNameMixin, View):
    page = "infographic"

    def get(self, request):
        choice = documents.resolve(**_asked(request))
        svg = infographic.render_svg(infographic.build(choice, base_url=_base(request)))
        return _download(svg, "image/svg+xml; charset=utf-8", _filename(choice, "infographic", "svg"))


class ReportChoiceView(TemplateView):
    template_name = "publication/report_choice.html"

    def get(self, request, *args, **kwargs):
        asked = request.GET.get("gemeente", "").strip()
        if asked:
            try:
                choice = documents.resolve(gemeente=asked)
            except documents.UnknownName as problem:
                return self.render_to_response(self.get_context_data(error=problem.message))
            return redirect("publication:report", municipality=choice.municipality)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(choices=_form_choices(), **kwargs)


class _ReportMixin(_UnknownNameMixin):
    def asked(self) -> dict[str, str]:
        return {"gemeente": self.kwargs["municipality"].strip(),
                "domein": self.request.GET.get("domein", "").strip()}

    def report(self) -> report.Report:
        return report.build(documents.resolve(**self.asked()), base_url=_base(self.request))


class ReportView(_ReportMixin, TemplateView):
    template_name = "publication/report.html"

    def get_context_data(self, **kwargs):
        made = self.report()
        domain = made.choice.scope.domain
        return super().get_context_data(report=made, web=True,
                                        query=urlencode({"domein": domain}) if domain else "", **kwargs)


class ReportPdfView(_ReportMixin, View):
    def get(self, request, municipality):
        made = self.report()
        return _download(report.render_pdf(made), "application/pdf",
                         _filename(made.choice, "rapport", "pdf"))


class ReportDocxView(_ReportMixin, View):
    def get(self, request, municipality):
        made = self.report()
        return _download(
            report.render_docx(made),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _filename(made.choice, "rapport", "docx"))
