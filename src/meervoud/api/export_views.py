"""Downloads at /api/v1/export/<what>.<csv|xlsx>: thin views over ``exports``."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema

from meervoud.api import exports
from meervoud.api.base import ApiView, FilesNegotiation, validated
from meervoud.api.practices import PracticeFilter, filtered_practices
from meervoud.api.themes import ThemeFilter, scope_from
from meervoud.audit.services import record
from meervoud.core.spreadsheets import MEDIA_TYPES
from meervoud.needs.selectors import needs_visible_to
from meervoud.publication.disclosure import Scope
from meervoud.publication.selectors import scope_of


def _file(data: bytes, name: str, kind: str, about: Scope | None = None) -> HttpResponse:
    """``about``: the place, life domain and level asked for, named in the file, so two
    downloads for two places do not both end up as "meervoud-themas-<date>.csv" (ASCII:
    "Súdwest-Fryslân" becomes "sudwest-fryslan")."""
    response = HttpResponse(data, content_type=MEDIA_TYPES[kind])
    asked = (about.value, about.domain, about.level) if about else ()
    parts = ["meervoud", name, *asked, timezone.localdate().isoformat()]
    filename = "-".join(slugify(part) for part in parts if part and slugify(part))
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response


def _schema(kind: str, operation_id: str, tag: str, **kwargs):
    media = MEDIA_TYPES[kind].split(";")[0]
    return extend_schema(operation_id=operation_id, tags=["export"],
                         responses={(200, media): OpenApiResponse(OpenApiTypes.BINARY,
                                                                  description=tag)}, **kwargs)


class ExportView(ApiView):
    content_negotiation_class = FilesNegotiation
    kind = "csv"


class ThemeExportView(ExportView):
    """Published themes with their evidence; the same filters as /themas."""

    has_filters = True

    def get(self, request):
        scope, words = scope_from(request.query_params)
        maker = exports.themes_xlsx if self.kind == "xlsx" else exports.themes_csv
        return _file(maker(scope, request.build_absolute_uri, words=words), "themas", self.kind, scope)


class PracticeExportView(ExportView):
    """Published good practices; the same filters as /goede-praktijken."""

    has_filters = True

    def get(self, request):
        filters = validated(PracticeFilter, request.query_params)
        maker = exports.practices_xlsx if self.kind == "xlsx" else exports.practices_csv
        return _file(maker(filtered_practices(filters), request.build_absolute_uri),
                     "goede-praktijken", self.kind, scope_of(filters))


class NeedExportView(ExportView):
    """The needs you may see (``needs.overview``), without contact details."""

    capabilities = {"GET": "needs.overview"}

    def get(self, request):
        needs = needs_visible_to(request.user)
        record(request, "export", "needs.informationneed", detail=self.kind)
        maker = exports.needs_xlsx if self.kind == "xlsx" else exports.needs_csv
        return _file(maker(needs), "kennisbehoeften", self.kind)


def export_view(base, kind: str):
    """One view class per file type, each with its own schema operation."""
    name = {"ThemeExportView": "themas", "PracticeExportView": "goede_praktijken",
            "NeedExportView": "kennisbehoeften"}[base.__name__]
    parameters = {"themas": [ThemeFilter], "goede_praktijken": [PracticeFilter]}.get(name, [])

    def get(self, request):
        return base.get(self, request)

    get = _schema(kind, f"export_{name}_{kind}", f"{name}.{kind}", parameters=parameters)(get)
    return type(f"{base.__name__}{kind.title()}", (base,), {"kind": kind, "get": get})
