from django.core.paginator import Paginator
from django.shortcuts import render
from django.views import View

from meervoud.accounts.models import Role
from meervoud.accounts.permissions import CapabilityRequiredMixin
from meervoud.audit.forms import AuditFilterForm
from meervoud.audit.selectors import audit_events, object_types
from meervoud.audit.services import record
from meervoud.core.templatetags.paging import PAGE


class AuditLogView(CapabilityRequiredMixin, View):
    """Read-only: the log can be searched, never edited."""

    capability = "audit.view"

    def get(self, request):
        form = AuditFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        events = audit_events(**{key: value for key, value in filters.items() if value})
        page = Paginator(events, 50).get_page(request.GET.get(PAGE))
        # The row keeps the role's code as it was then; the reader wants its name, as in the
        # filter. A code that is no longer a role stays as it was stored.
        labels = dict(Role.choices)
        page.object_list = list(page.object_list)
        for event in page.object_list:
            event.role_label = labels.get(event.role, event.role)
        # reading who did what is itself an access to personal data (staff's names, their
        # steps): logged like a story list, with what was searched for
        searched = " ".join(f"{key}={value}" for key, value in filters.items() if value)
        record(request, "view", "audit.auditevent",
               detail=f"logboek pagina={page.number} {searched}".strip())
        return render(request, "audit/log.html", {
            "form": form, "page": page,
            "object_types": object_types(),
        })
