from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin
from meervoud.audit.forms import AuditFilterForm
from meervoud.audit.selectors import audit_events, object_types


class AuditLogView(CapabilityRequiredMixin, View):
    """Read-only: the log can be searched, never edited."""

    capability = "audit.view"

    def get(self, request):
        form = AuditFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        events = audit_events(**{key: value for key, value in filters.items() if value})
        page = Paginator(events, 50).get_page(request.GET.get("pagina"))
        query = request.GET.copy()
        query.pop("pagina", None)
        return render(request, "audit/log.html", {
            "form": form, "page": page, "query": query.urlencode(),
            "object_types": object_types(),
        })
