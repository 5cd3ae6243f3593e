from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound

from meervoud.api.base import ApiView


@extend_schema(exclude=True)
class NotFoundView(ApiView):
    """Unknown paths under /api/v1/ answer like the API, in problem+json."""

    def dispatch_unknown(self, request, *args, **kwargs):
        raise NotFound()

    get = post = put = patch = delete = head = options = dispatch_unknown
