from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.audit.services import record
from meervoud.core.forms import posted_pk
from meervoud.exchange import selectors, services
from meervoud.exchange.forms import ImportForm
from meervoud.exchange.models import CodingProposal, ProposalItem


def _overview(request, form=None, status=200):
    return render(request, "exchange/overview.html", {
        "form": form or ImportForm(),
        "can_import": user_can(request.user, "exchange.import"),
        "can_review": user_can(request.user, "exchange.review"),
        "mine": selectors.proposals().filter(uploaded_by=request.user)[:20],
        "stories": selectors.research_stories().count(),
    }, status=status)


class OverviewView(CapabilityRequiredMixin, View):
    capability = "exchange.export"

    def get(self, request):
        return _overview(request)


class ExportView(CapabilityRequiredMixin, View):
    capability = "exchange.export"

    def get(self, request):
        record(request, "export", "exchange.qdpx", detail="REFI-QDA")
        response = HttpResponse(services.export_qdpx(), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{services.export_file_name()}"'
        return response


class ImportView(CapabilityRequiredMixin, View):
    capability = "exchange.import"

    def get(self, request):
        return redirect("exchange:overview")

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return _overview(request, form, status=400)
        upload = form.cleaned_data["file"]
        try:
            result = services.import_qdpx(upload.read(), file_name=upload.name, user=request.user)
            record(request, "import", "exchange.qdpx", detail="REFI-QDA")
        except services.QdpxError as error:
            form.add_error("file", str(error))
            return _overview(request, form, status=400)
        skipped = _skipped(result.comparison)
        if skipped:
            messages.warning(request, skipped)
        if result.proposal is None:
            if not skipped:
                messages.info(request, _("In dit bestand staan geen wijzigingen ten opzichte van "
                                         "Meervoud. Er is geen voorstel gemaakt."))
            return redirect("exchange:overview")
        messages.success(request, _("Je wijzigingen staan klaar als voorstel (%(count)s punten). "
                                    "Ervaringsdeskundigen beoordelen het.")
                         % {"count": result.proposal.items.count()})
        if user_can(request.user, "exchange.review"):
            return redirect("exchange:proposal", pk=result.proposal.pk)
        return redirect("exchange:overview")


def _skipped(comparison) -> str:
    """What of the file was not compared, in words; empty when everything was."""
    parts = []
    names = comparison.changed_sources
    if names:
        shown = ", ".join(names[:10]) + (_(" en nog %(n)s") % {"n": len(names) - 10}
                                         if len(names) > 10 else "")
        parts.append(_("Van deze bronnen is de tekst anders dan in Meervoud; de codering daarin is "
                       "overgeslagen: %(names)s.") % {"names": shown})
    if comparison.unmatched:
        parts.append(ngettext(
            "%(counter)s codering valt niet op een uitspraak van Meervoud en is overgeslagen.",
            "%(counter)s coderingen vallen niet op een uitspraak van Meervoud en zijn overgeslagen.",
            comparison.unmatched) % {"counter": comparison.unmatched})
    return " ".join(parts)


class ProposalListView(CapabilityRequiredMixin, View):
    capability = "exchange.review"

    def get(self, request):
        return render(request, "exchange/proposal_list.html", {"proposals": selectors.proposals()})


class ProposalDetailView(CapabilityRequiredMixin, View):
    capability = "exchange.review"

    def get(self, request, pk):
        proposal = get_object_or_404(CodingProposal, pk=pk)
        return render(request, "exchange/proposal_detail.html", {
            "proposal": proposal, "items": selectors.proposal_items(proposal),
            "open": proposal.items.filter(status=ProposalItem.Status.OPEN).exists(),
        })

    def post(self, request, pk):
        proposal = get_object_or_404(CodingProposal, pk=pk)
        action = request.POST.get("action")
        try:
            if action == "reject_open":
                count = services.reject_open_items(proposal, user=request.user)
                messages.success(request, _("%(count)s punten afgewezen.") % {"count": count})
            else:
                item = get_object_or_404(ProposalItem, pk=posted_pk(request, "item"),
                                         proposal=proposal)
                if action == "accept":
                    services.accept_item(item, user=request.user)
                    messages.success(request, _("Overgenomen."))
                elif action == "reject":
                    services.reject_item(item, user=request.user)
                    messages.success(request, _("Afgewezen."))
                else:
                    messages.error(request, _("Onbekende keuze."))
        except services.ProposalError as error:
            messages.error(request, str(error))
        return redirect("exchange:proposal", pk=proposal.pk)
