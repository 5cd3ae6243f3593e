from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class Pagination(PageNumberPagination):
    """``?page=2&pageSize=50``, with links to the first, previous, next and last page."""

    page_size = 20
    page_size_query_param = "pageSize"
    max_page_size = 100

    # Extra top-level fields of a list (schema fragment per field); see themes.ScopePagination.
    extra_schema: dict = {}

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
