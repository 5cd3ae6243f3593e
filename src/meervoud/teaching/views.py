"""The teaching module is readable by anyone; sharing needs an account; coordinators and
administrators approve shared material before others see it."""

import logging
import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.audit.retention import REJECTED_CONTRIBUTION_DAYS
from meervoud.audit.services import record
from meervoud.core.forms import posted_pk, row_number
from meervoud.teaching import reference, selectors, services
from meervoud.teaching.forms import ModerationForm, ReviseForm, ShareForm
from meervoud.teaching.models import Contribution, ContributionStatus

logger = logging.getLogger(__name__)


class ModuleView(View):
    def get(self, request):
        module = reference.module()
        contributions = list(selectors.published(module["slug"]))
        for assignment in module["assignments"]:
            assignment["contributions"] = [c for c in contributions
                                           if c.assignment == assignment["number"]]
        return render(request, "teaching/module.html", {
            "module": module,
            "general": [c for c in contributions if c.assignment is None],
            "can_share": user_can(request.user, "teaching.share"),
            "can_moderate": user_can(request.user, "teaching.moderate"),
            "pending": selectors.pending().count() if user_can(request.user, "teaching.moderate") else 0,
        })


class ShareView(CapabilityRequiredMixin, View):
    capability = "teaching.share"

    def get(self, request):
        initial = {}
        number = row_number(request.GET.get("opdracht", ""), digits=3)
        if number is not None:
            initial["assignment"] = number
        return render(request, "teaching/share.html", {"form": ShareForm(initial=initial),
                                                       "module": reference.module()})

    def post(self, request):
        form = ShareForm(request.POST, request.FILES)
        if not form.is_valid():
            form.ask_file_again(request.FILES)
            return render(request, "teaching/share.html", {"form": form,
                                                           "module": reference.module()},
                          status=400)
        services.share(author=request.user, data=form.cleaned_data,
                       upload=form.cleaned_data.get("file"))
        messages.success(request, _("Dank je wel! Een coördinator bekijkt je bijdrage. Daarna "
                                    "zien anderen die bij de lesmodule."))
        return redirect("teaching:mine")


class MineView(CapabilityRequiredMixin, View):
    capability = "teaching.share"

    def get(self, request):
        return render(request, "teaching/mine.html", {
            "contributions": [(c, selectors.kept_until(c)) for c in selectors.own(request.user)],
            "rejected_keep_days": REJECTED_CONTRIBUTION_DAYS,
            "revisable": services.REVISABLE, "rejected": ContributionStatus.REJECTED,
            "assignments": dict(reference.assignment_choices())})


class ReviseView(CapabilityRequiredMixin, View):
    """Her own contribution that waits or was not published: corrected and sent again
    (`services.revise`). Someone else's, or one published meanwhile, is not found here."""

    capability = "teaching.share"

    def _own(self, request, pk):
        return selectors.own(request.user).filter(pk=pk, status__in=services.REVISABLE).first()

    def _render(self, request, form, contribution, status=200):
        return render(request, "teaching/share.html", {
            "form": form, "module": reference.module(), "revising": contribution}, status=status)

    def get(self, request, pk):
        contribution = self._own(request, pk)
        if contribution is None:
            return self._gone(request)
        return self._render(request, ReviseForm(contribution=contribution), contribution)

    def post(self, request, pk):
        contribution = self._own(request, pk)
        if contribution is None:
            return self._gone(request)
        form = ReviseForm(request.POST, request.FILES, contribution=contribution)
        if not form.is_valid():
            form.ask_file_again(request.FILES)
            return self._render(request, form, contribution, status=400)
        try:
            services.revise(contribution, data=form.cleaned_data,
                            upload=form.cleaned_data.get("file"),
                            remove_file=form.cleaned_data.get("remove_file", False))
        except services.ModerationError as error:
            messages.error(request, str(error))
            return redirect("teaching:mine")
        messages.success(request, _("Je aangepaste bijdrage is ingestuurd. Een coördinator "
                                    "bekijkt hem opnieuw. Daarna zien anderen hem bij de "
                                    "lesmodule."))
        return redirect("teaching:mine")

    @staticmethod
    def _gone(request):
        messages.info(request, _("Deze bijdrage kun je niet meer aanpassen. Misschien is hij "
                                 "intussen gepubliceerd of verwijderd."))
        return redirect("teaching:mine")


class WithdrawView(CapabilityRequiredMixin, View):
    """The author's "Verwijderen": a question first (GET), the delete only on its answer (POST)."""

    capability = "teaching.share"

    def _own(self, request, pk):
        return selectors.own(request.user).filter(pk=pk).first()

    def get(self, request, pk):
        contribution = self._own(request, pk)
        if contribution is None:
            return self._gone(request)
        return render(request, "teaching/withdraw.html", {
            "contribution": contribution,
            "published": contribution.status == ContributionStatus.APPROVED})

    def post(self, request, pk):
        contribution = self._own(request, pk)
        if contribution is None:
            return self._gone(request)
        services.withdraw(contribution)
        messages.success(request, _("Je bijdrage is verwijderd."))
        return redirect("teaching:mine")

    @staticmethod
    def _gone(request):
        # a second tab or the back button after deleting; someone else's is "not there" as well
        messages.info(request, _("Deze bijdrage is er niet meer."))
        return redirect("teaching:mine")


class ModerationView(CapabilityRequiredMixin, View):
    capability = "teaching.moderate"

    def get(self, request):
        return render(request, "teaching/moderation.html", {
            "pending": [(c, ModerationForm(prefix=f"c{c.pk}")) for c in selectors.pending()],
            "recent": Contribution.objects.exclude(status=ContributionStatus.PENDING)
                      .select_related("author", "moderated_by").order_by("-moderated_at")[:20],
            "approved": ContributionStatus.APPROVED,  # only published material goes offline
            "assignments": dict(reference.assignment_choices())})

    def post(self, request):
        contribution = Contribution.objects.filter(pk=posted_pk(request, "contribution")).first()
        if contribution is None:  # withdrawn by its author while this page was open
            messages.error(request, _("De inzender heeft deze bijdrage intussen teruggetrokken."))
            return redirect("teaching:moderation")
        form = ModerationForm(request.POST, prefix=f"c{contribution.pk}")
        form.is_valid()
        decision = request.POST.get("decision")
        if decision not in {"approve", "reject", "offline"}:
            raise Http404
        try:
            if decision == "offline":
                services.take_offline(contribution, moderator=request.user,
                                      note=form.cleaned_data.get("note", ""))
                messages.success(request, _("De bijdrage is offline gehaald. De inzender ziet je reden."))
                return redirect("teaching:moderation")
            services.moderate(contribution, approve=decision == "approve", moderator=request.user,
                              note=form.cleaned_data.get("note", ""))
        except services.ModerationError as error:
            messages.error(request, str(error))
            return redirect("teaching:moderation")
        if decision == "approve":
            messages.success(request, _("‘%(title)s’ staat nu bij de lesmodule.")
                             % {"title": contribution.title})
        else:
            messages.success(request, _("‘%(title)s’ wordt niet gepubliceerd.")
                             % {"title": contribution.title})
        return redirect("teaching:moderation")


class ContributionFileView(View):
    def get(self, request, pk):
        contribution = get_object_or_404(Contribution, pk=pk)
        if not contribution.file or not selectors.can_see(request.user, contribution):
            raise Http404
        try:
            handle = contribution.file.open("rb")
        except FileNotFoundError:  # e.g. a restore on a new server without the uploads folder
            logger.warning("teaching contribution %s: file %s is missing", contribution.pk,
                           contribution.file.name)
            raise Http404 from None
        if contribution.status != ContributionStatus.APPROVED and contribution.author_id != request.user.pk:
            record(request, "download", contribution)  # unpublished material leaves the system
        name = contribution.original_name or contribution.file.name.rsplit("/", 1)[-1]
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
