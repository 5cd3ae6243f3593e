"""Pages and downloads of the infographic and the municipal report. Open to everyone: they
show only what the publication selectors let through."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from meervoud.publication import documents, infographic, report

PARAMS = ("gemeente", "regio", "provincie", "domein")


def _asked(request) -> dict[str, str]:
    return {name: request.GET.get(name, "").strip() for name in PARAMS}


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _choice_or_404(**asked) -> documents.Choice:
    try:
        return documents.resolve(**asked)
    except documents.UnknownName as error:
        raise Http404(error.message) from error


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


class InfographicPdfView(View):
    def get(self, request):
        choice = _choice_or_404(**_asked(request))
        paper = request.GET.get("formaat", "A4").upper()
        if paper not in infographic.PAPER:
            paper = "A4"
        pdf = infographic.render_pdf(infographic.build(choice, base_url=_base(request)), paper=paper)
        return _download(pdf, "application/pdf", _filename(choice, f"infographic-{paper}", "pdf"))


class InfographicSvgView(View):
    def get(self, request):
        choice = _choice_or_404(**_asked(request))
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


class _ReportMixin:
    def report(self) -> report.Report:
        domain = self.request.GET.get("domein", "").strip()
        return report.build(_choice_or_404(gemeente=self.kwargs["municipality"], domein=domain),
                            base_url=_base(self.request))


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
