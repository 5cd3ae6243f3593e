from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class Pagination(PageNumberPagination):
    """``?page=2&pageSize=50``, with links to the first, previous, next and last page."""

    page_size = 20
    page_size_query_param = "pageSize"
    max_page_size = 100

    # Extra top-level fields of a list (schema fragment per field); see themes.ScopePagination.
    extra_schema: dict = {}

    def get_page_size(self, request):
        """A pageSize that is no whole number of 1 or more is a 400, not quietly 20: a script
        with a typo would count its pages wrong. Above the maximum it is the maximum."""
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return self.page_size
        try:
            size = int(asked)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError({self.page_size_query_param: [
                _("Geef een heel getal van 1 tot en met %(max)s.") % {"max": self.max_page_size}]})
        return min(size, self.max_page_size)

    def get_paginated_response(self, data, **extra):
        links = {"self": {"href": self.request.build_absolute_uri()}}
        first = self.page.paginator.page(1) if self.page.paginator.num_pages else None
        if first is not None and self.page.number != 1:
            links["first"] = {"href": self.get_link(1)}
        if self.get_previous_link():
            links["prev"] = {"href": self.get_previous_link()}
        if self.get_next_link():
            links["next"] = {"href": self.get_next_link()}
        if self.page.number != self.page.paginator.num_pages:
            links["last"] = {"href": self.get_link(self.page.paginator.num_pages)}
        return Response({"_links": links, "aantal": self.page.paginator.count, **extra,
                         "resultaten": data})

    def get_link(self, number: int) -> str:
        from rest_framework.utils.urls import replace_query_param

        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, number)

    def get_paginated_response_schema(self, schema):
        link = {"type": "object", "properties": {"href": {"type": "string", "format": "uri"}},
                "required": ["href"]}
        return {
            "type": "object",
            "required": ["_links", "aantal", *self.extra_schema, "resultaten"],
            "properties": {
                "_links": {"type": "object", "properties": {
                    name: link for name in ("self", "first", "prev", "next", "last")}},
                "aantal": {"type": "integer", "minimum": 0},
                **self.extra_schema,
                "resultaten": schema,
            },
        }
