from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.audit.services import record
from meervoud.core.forms import posted_pk
from meervoud.exchange import notices, selectors, services
from meervoud.exchange.forms import ImportForm
from meervoud.exchange.models import CodingProposal, ProposalItem

LEVELS = {"warning": messages.WARNING, "info": messages.INFO}


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
        export = services.export_project()
        services.record_export(request, export)
        response = HttpResponse(export.data, content_type="application/zip")
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
        except services.QdpxError as error:
            form.add_error("file", str(error))
            return _overview(request, form, status=400)
        # that he was told to delete sources from his copy belongs on record (a count, no names)
        told = f", {len(result.left)} bronnen zonder toestemming gemeld" if result.left else ""
        record(request, "import", "exchange.qdpx", detail=f"REFI-QDA{told}")
        for notice in notices.of_import(result):
            messages.add_message(request, LEVELS[notice.level], notice.text)
        if result.proposal is None:
            if not notices.skipped(result.comparison):
                messages.info(request, _("In dit bestand staan geen wijzigingen ten opzichte van "
                                         "Meervoud. Er is geen voorstel gemaakt."))
            return redirect("exchange:overview")
        count = result.proposal.items.count()
        messages.success(request, ngettext(
            "Je wijzigingen staan klaar als voorstel (%(count)s punt). "
            "Ervaringsdeskundigen beoordelen het.",
            "Je wijzigingen staan klaar als voorstel (%(count)s punten). "
            "Ervaringsdeskundigen beoordelen het.",
            count) % {"count": count})
        if user_can(request.user, "exchange.review"):
            return redirect("exchange:proposal", pk=result.proposal.pk)
        return redirect("exchange:overview")


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
                messages.success(request, ngettext("%(count)s punt afgewezen.", "%(count)s punten afgewezen.",
                                                   count) % {"count": count})
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
