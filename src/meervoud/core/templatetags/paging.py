"""One set of page links for every paged list: ``{% paging page %}`` or ``{% paging page
"anchor" %}``. The links keep what the reader filtered on (the query string without the page),
so the next page is the next page of the same list."""

from django import template

register = template.Library()

PAGE = "pagina"


@register.inclusion_tag("includes/paging.html", takes_context=True)
def paging(context, page, anchor: str = "") -> dict:
    query = context["request"].GET.copy()
    query.pop(PAGE, None)
    prefix = f"?{query.urlencode()}&{PAGE}=" if query else f"?{PAGE}="
    return {"page": page, "prefix": prefix, "anchor": f"#{anchor}" if anchor else ""}


@register.simple_tag
def page_param() -> str:
    """The parameter's name, for a form that must come back to the same page."""
    return PAGE
