from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.core.templatetags.paging import PAGE
from meervoud.core.typed import KeepTypedMixin
from meervoud.needs import selectors, services
from meervoud.needs.forms import GapFilterForm, PlaceFilterForm, QuestionnaireForm, StatusForm
from meervoud.needs.models import InformationNeed, NeedStatus


NEEDS_PER_PAGE = 50


def _filters(form) -> dict:
    return form.cleaned_data if form.is_valid() else {}


class NeedListView(CapabilityRequiredMixin, View):
    capability = "needs.overview"

    def get(self, request):
        needs = selectors.needs_visible_to(request.user)
        status = request.GET.get("status")
        if status in NeedStatus.values:
            needs = needs.filter(status=status)
        # a region adds hundreds of needs a year: newest first (the model's order), a page at a time
        page = Paginator(needs, NEEDS_PER_PAGE).get_page(request.GET.get(PAGE))
        return render(request, "needs/list.html", {
            "page": page, "status": status,
            "statuses": NeedStatus.choices,
            "manage": user_can(request.user, "needs.manage"),
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
        return render(request, "needs/detail.html", {
            "need": need, "manage": manage, "may_withdraw": selectors.may_withdraw(request.user, need),
            "form": form or StatusForm(initial={"status": need.status, "answer_note": need.answer}),
            "known": None if need.status == NeedStatus.WITHDRAWN else selectors.known_for(need),
            "few": selectors.few_narrators(),
        })

    def post(self, request, pk):
        need = self._need(request, pk)
        if request.POST.get("action") == "withdraw":
            return self._withdraw(request, need)
        if not user_can(request.user, "needs.manage"):
            raise Http404
        form = StatusForm(request.POST, stored_note=need.answer)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        if services.set_status(need, status=form.cleaned_data["status"],
                               note=form.cleaned_data["answer_note"], user=request.user):
            messages.success(request, _("De status is bijgewerkt."))
        else:
            messages.info(request, _("Er is niets veranderd."))
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
        form = GapFilterForm(request.GET or None)
        filters = _filters(form)
        domain = filters.get("domein")
        place = {"province": filters.get("provincie"), "region": filters.get("regio")}
        verdict = filters.get("oordeel", "")
        return render(request, "needs/gaps.html", {
            "form": form,
            "rows": selectors.need_gaps(**place, domain=domain.slug if domain else "",
                                        verdict=verdict, status=filters.get("status", ""),
                                        sort=filters.get("sorteer") or "kloof"),
            "areas": selectors.area_gaps(**place, domain=domain.slug if domain else "",
                                         verdict=verdict, status=filters.get("status", "")),
            "few": selectors.few_narrators(),
        })
