from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.core.spreadsheets import MEDIA_TYPES
from meervoud.core.templatetags.paging import PAGE
from meervoud.core.typed import KeepTypedMixin
from meervoud.audit.services import record
from meervoud.needs import exports, selectors, services
from meervoud.needs.forms import (
    GapFilterForm, NeedListFilterForm, PlaceFilterForm, QuestionnaireForm, StatusForm,
)
from meervoud.needs.models import InformationNeed, NeedStatus


NEEDS_PER_PAGE = 50


def _filters(form) -> dict:
    return form.cleaned_data if form.is_valid() else {}


class NeedListView(CapabilityRequiredMixin, View):
    capability = "needs.overview"

    def get(self, request):
        needs = selectors.needs_visible_to(request.user)
        manage = user_can(request.user, "needs.manage")
        form = NeedListFilterForm(request.GET)
        if not manage:  # a municipality's own few questions: status and order are enough
            del form.fields["domein"]
        filters = form.filters()
        if filters.get("status"):
            needs = needs.filter(status=filters["status"])
        if filters.get("domein"):
            needs = needs.filter(life_domains=filters["domein"]).distinct()
        # a region adds hundreds of needs a year: newest first (the model's order), or those
        # that wait longest first, a page at a time
        needs = selectors.sorted_for_list(needs, filters.get("sorteer") or "")
        page = Paginator(needs, NEEDS_PER_PAGE).get_page(request.GET.get(PAGE))
        return render(request, "needs/list.html", {
            "page": page, "form": form, "manage": manage,
            "own_municipality": selectors.municipality_of(request.user),
        })


class QuestionnaireView(CapabilityRequiredMixin, KeepTypedMixin, View):
    capability = "needs.ask"

    def _initial(self, request) -> dict:
        if selectors.municipality_of(request.user) is None:
            return {}
        return {"contact_name": request.user.get_full_name(), "contact_email": request.user.email}

    def form_for(self, data=None, initial=None):
        return QuestionnaireForm(data, user=self.request.user, initial=initial)

    def get(self, request, form=None):
        form = form or self.form_for(initial=self._initial(request))
        return render(request, "needs/questionnaire.html", {"form": form})

    def post(self, request):
        form = self.form_for(request.POST)
        if not form.is_valid():
            return self.get(request, form=form)
        need, created = services.submit_need(form, user=request.user)
        if created:
            messages.success(request, _("Dank u wel. Uw vraag is ontvangen; het lerend netwerk "
                                        "neemt contact met u op."))
        else:
            messages.info(request, _("Deze vraag was al ontvangen. Hieronder ziet u hoe het ermee staat."))
        return redirect("needs:detail", pk=need.pk)


class NeedDetailView(CapabilityRequiredMixin, View):
    capability = "needs.overview"

    def _need(self, request, pk) -> InformationNeed:
        need = get_object_or_404(InformationNeed.objects.select_related(
            "municipality__region__province", "asked_by", "status_changed_by"), pk=pk)
        if not selectors.can_see_need(request.user, need):
            raise Http404
        return need

    def get(self, request, pk, form=None):
        need = self._need(request, pk)
        manage = user_can(request.user, "needs.manage")
        lead = need.joined_to
        return render(request, "needs/detail.html", {
            "need": need, "manage": manage, "may_withdraw": selectors.may_withdraw(request.user, need),
            "form": form or StatusForm(initial={"status": need.status, "answer_note": need.answer}),
            "known": None if need.status == NeedStatus.WITHDRAWN else selectors.known_for(need),
            "few": selectors.few_narrators(),
            # with whom it is answered: municipalities' names for all, their questions for the
            # network only (another municipality's question and contact are not hers to read)
            "lead": lead,
            "together": selectors.answered_together(need),
            "joined": list(need.joined.select_related("municipality")) if manage else [],
            "similar": selectors.similar_needs(need) if manage else [],
        })

    def post(self, request, pk):
        need = self._need(request, pk)
        action = request.POST.get("action")
        if action == "withdraw":
            return self._withdraw(request, need)
        if not user_can(request.user, "needs.manage"):
            raise Http404
        if action == "join":
            return self._join(request, need)
        if action == "unjoin":
            if services.unjoin_need(need, user=request.user):
                messages.success(request, _("Deze vraag wordt weer op zichzelf beantwoord. Ze "
                                            "houdt de status die ze nu heeft."))
            return redirect("needs:detail", pk=need.pk)
        form = StatusForm(request.POST, stored_note=need.answer)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        if services.set_status(need, status=form.cleaned_data["status"],
                               note=form.cleaned_data["answer_note"], user=request.user):
            messages.success(request, _("De status is bijgewerkt."))
            _say_who_is_not_told(request, need)
        else:
            messages.info(request, _("Er is niets veranderd."))
        return redirect("needs:detail", pk=need.pk)

    @staticmethod
    def _join(request, need):
        into = InformationNeed.objects.filter(pk=request.POST.get("into") or 0).first() if (
            str(request.POST.get("into", "")).isdigit()) else None
        if into is None:
            messages.error(request, _("Die vraag bestaat niet meer. Kies een andere."))
            return redirect("needs:detail", pk=need.pk)
        try:
            lead = services.join_need(need, into=into, user=request.user)
        except services.CannotJoin as reason:
            messages.error(request, str(reason))
        else:
            messages.success(request, _("Deze vraag wordt nu samen beantwoord met de vraag van "
                                        "de gemeente %(name)s. Wat u daar bijwerkt, geldt ook "
                                        "hier; de gemeente die het vroeg, hoort het.")
                             % {"name": lead.municipality.name})
            _say_who_is_not_told(request, need)
        return redirect("needs:detail", pk=need.pk)

    @staticmethod
    def _withdraw(request, need):
        if not selectors.asked_here(request.user, need):
            raise Http404
        try:
            services.withdraw_need(need, user=request.user)
        except services.CannotWithdraw as status:
            # a second tab, or the network answered meanwhile
            messages.error(request, _("Deze vraag is al %(status)s en kan niet meer worden ingetrokken.")
                           % {"status": str(status).lower()})
        else:
            messages.success(request, _("Uw vraag is ingetrokken. Het lerend netwerk werkt er niet meer aan."))
        return redirect("needs:detail", pk=need.pk)


def _say_who_is_not_told(request, need) -> None:
    """After a change: the municipalities where nobody gets an e-mail of it, so the
    coordinator lets the contact person know another way."""
    need = InformationNeed.objects.select_related("municipality", "asked_by").get(pk=need.pk)
    lead = need.joined_to or need
    names = selectors.unheard(lead)
    if names:
        messages.warning(request, ngettext(
            "Niemand van de gemeente %(names)s krijgt hier een e-mail over: niemand daar heeft "
            "een account. Laat het de contactpersoon zelf weten.",
            "Niemand van de gemeenten %(names)s krijgt hier een e-mail over: niemand daar heeft "
            "een account. Laat het de contactpersonen zelf weten.", len(names))
            % {"names": ", ".join(names)})


class OverviewView(CapabilityRequiredMixin, View):
    """Counts of municipalities, per region and per life domain and form; no contact details."""

    capability = "needs.overview"

    def get(self, request):
        form = PlaceFilterForm(request.GET or None)
        filters = _filters(form)
        return render(request, "needs/overview.html", {
            "form": form,
            "overview": selectors.overview(province=filters.get("provincie"),
                                           region=filters.get("regio")),
        })


class GapView(CapabilityRequiredMixin, View):
    """For the learning network: which questions of municipalities have no knowledge yet."""

    capability = "needs.manage"

    def get(self, request):
        query = request.GET.copy()
        kind = query.pop("formaat", [""])[-1]
        form = GapFilterForm(query or None)
        filters = _filters(form)
        domain = filters.get("domein")
        chosen = {"province": filters.get("provincie"), "region": filters.get("regio"),
                  "domain": domain.slug if domain else "", "verdict": filters.get("oordeel", ""),
                  "status": filters.get("status", "")}
        domains = selectors.life_domain_gaps(**chosen)
        rows = selectors.need_gaps(**chosen, sort=filters.get("sorteer") or "kloof")
        areas = selectors.area_gaps(**chosen)
        if kind in ("csv", "xlsx"):
            return self._file(request, kind, domains, areas, rows)
        # the download takes the filters that are valid, as the page shows them
        kept = query.urlencode()
        return render(request, "needs/gaps.html", {
            "form": form, "rows": rows, "areas": areas, "domains": domains,
            "few": selectors.few_narrators(),
            "download": f"?{kept}&formaat=" if kept else "?formaat=",
        })

    @staticmethod
    def _file(request, kind, domains, areas, rows) -> HttpResponse:
        record(request, "export", "needs.informationneed", detail=f"kloof {kind}")
        data = exports.gaps_file(kind, domains, areas, rows, request.build_absolute_uri)
        response = HttpResponse(data, content_type=MEDIA_TYPES[kind])
        name = f"meervoud-kennisvragen-kloof-{timezone.localdate().isoformat()}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
