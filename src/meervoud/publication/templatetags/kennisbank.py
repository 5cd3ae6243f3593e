from django import template

from meervoud.stories.models import LifeDomain

register = template.Library()


@register.filter
def domain_name(slug: str) -> str:
    """A life domain's name in the reader's language."""
    domain = LifeDomain.objects.filter(slug=slug).first()
    return str(domain) if domain else slug
