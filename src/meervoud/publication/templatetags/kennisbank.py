from django import template

from meervoud.stories.models import LifeDomain

register = template.Library()


@register.filter
def domain_name(slug: str) -> str:
    """A life domain's name in the reader's language."""
    domain = LifeDomain.objects.filter(slug=slug).first()
    return str(domain) if domain else slug


@register.filter
def pooled_cell(cell) -> str:
    """``{{ cell|pooled_cell }}``: a breakdown cell that names no municipality, as every format says it."""
    from meervoud.publication.selectors import pooled_cell_label

    return pooled_cell_label(cell)
