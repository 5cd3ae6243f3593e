from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.audit.services import record
from meervoud.core.forms import posted_pk, row_number
from meervoud.core.mail import email_enabled
from meervoud.core.templatetags.paging import PAGE
from meervoud.core.typed import KeepTypedMixin
from meervoud.pool import selectors, services
from meervoud.pool.forms import (AssignmentForm, CoordinatorProfileForm, DeclineForm, EvaluationForm,
                                 ExpertProfileForm)
from meervoud.pool.models import Assignment, BlockedPeriod, ExpertProfile, Proposal
from meervoud.stories.models import LifeDomain


def _no_mail_for(request, names: list[str]) -> None:
    """Whom an e-mail does not reach (no address, or messages switched off): she tells them."""
    if not email_enabled():
        messages.warning(request, _("Meervoud verstuurt geen e-mail. Laat de ervaringsdeskundigen "
                                    "zelf weten dat er een vraag voor ze klaarstaat."))
    elif names:
        messages.warning(request, ngettext(
            "%(names)s krijgt geen e-mail. Laat het op een andere manier weten, bijvoorbeeld "
            "door te bellen.",
            "%(names)s krijgen geen e-mail. Laat het op een andere manier weten, bijvoorbeeld "
            "door te bellen.", len(names)) % {"names": ", ".join(sorted(names))})


def _warn_about_yes_during(request, profile, form, *, own: bool) -> None:
    """A 'not available' period over work the expert said yes to: the team counts on them."""
    away = (form.cleaned_data.get("blocked_from"), form.cleaned_data.get("blocked_to"))
    titles = selectors.said_yes_during(profile, *away) if all(away) else []
    if not titles:
        return
    quoted = ", ".join(f"‘{t}’" for t in titles)
    if own:
        messages.warning(request, _(
            "Let op: je zei ja tegen %(titles)s, en dat werk loopt in de periode dat je niet "
            "beschikbaar bent. Je team rekent op je. Overleg met de coördinator wat je "
            "doet.") % {"titles": quoted})
    else:
        messages.warning(request, _(
            "Let op: %(name)s zei ja tegen %(titles)s, en dat werk loopt in de periode dat "
            "%(name)s niet beschikbaar is. Het team rekent op %(name)s. Zoek samen een "
            "oplossing, bijvoorbeeld iemand anders.") % {"name": profile, "titles": quoted})


class PoolOverviewView(CapabilityRequiredMixin, View):
    """The coordinator's desk: open assignments, proposed teams, what cannot be filled."""

    capability = "pool.manage"

    def get(self, request):
        assignments = selectors.as_of_today(selectors.on_the_desk())
        away = selectors.away_during(assignments)
        for assignment in assignments:
            assignment.away = away.get(assignment.pk, [])
            assignment.stopped = selectors.who_stopped(assignment)
            assignment.withdrawn = selectors.team_withdrawn(assignment)
            assignment.short_handed = selectors.short_handed(assignment)
        return render(request, "pool/overview.html", {
            "assignments": assignments, "experts": ExpertProfile.objects.count()})

    def post(self, request):
        solution = services.propose_teams()
        messages.success(request, _("%(teams)s teams voorgesteld; %(open)s opdrachten nog niet te "
                                    "vullen.") % {"teams": len(solution.proposals),
                                                  "open": len(solution.unfillable)})
        if solution.left_out:
            count = len(solution.left_out)
            messages.info(request, ngettext(
                "Bij %(count)s opdracht veranderde iets terwijl Meervoud zocht, bijvoorbeeld omdat "
                "het team intussen gevraagd is. Daar stelt Meervoud nu geen nieuw team voor. Zoek "
                "opnieuw als die opdracht nog een team nodig heeft.",
                "Bij %(count)s opdrachten veranderde iets terwijl Meervoud zocht, bijvoorbeeld "
                "omdat het team intussen gevraagd is. Daar stelt Meervoud nu geen nieuwe teams voor. "
                "Zoek opnieuw als die opdrachten nog een team nodig hebben.", count) % {"count": count})
        return redirect("pool:overview")


class AssignmentCreateView(CapabilityRequiredMixin, KeepTypedMixin, View):
    capability = "pool.post_assignment"

    def form_for(self, data=None, initial=None):
        return AssignmentForm(data, user=self.request.user, initial=initial)

    def get(self, request, form=None):
        form = form or self.form_for(initial={"organisation": request.user.organisation_id,
                                              "team_size": 2})
        return render(request, "pool/assignment_form.html", {"form": form})

    def post(self, request):
        form = self.form_for(request.POST)
        if not form.is_valid():
            return self.get(request, form=form)
        assignment, created = services.post_assignment(form, user=request.user)
        if created:
            messages.success(request, _("De opdracht is geplaatst. Een coördinator zoekt een team."))
        else:
            messages.info(request, _("Deze opdracht was al geplaatst. Hier is hij."))
        return redirect("pool:assignment", pk=assignment.pk)


class AssignmentEditView(KeepTypedMixin, View):
    """The asker (or a coordinator) corrects an assignment until its team is asked."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.assignment = get_object_or_404(Assignment, pk=kwargs["pk"])
        if not selectors.speaks_for(request.user, self.assignment):
            raise PermissionDenied
        if not selectors.changeable(self.assignment) and request.method != "POST":
            messages.error(request, selectors.why_unchangeable(self.assignment))
            return redirect("pool:assignment", pk=self.assignment.pk)
        return super().dispatch(request, *args, **kwargs)

    def _locked(self, request, form):
        """Sent while the team was asked (or the assignment was cancelled): what was typed stays
        on the page, not saved, with why."""
        messages.error(request, selectors.why_unchangeable(self.assignment) + " " + _(
            "Wat je typte is niet opgeslagen; je ziet het hieronder."))
        return self.get(request, self.assignment.pk, form=form, locked=True, status=409)

    def form_for(self, data=None, initial=None):
        return AssignmentForm(data, instance=self.assignment, user=self.request.user, initial=initial)

    def get(self, request, pk, form=None, locked=False, status=200):
        if form is not None and not locked and not selectors.changeable(self.assignment):
            # the language button on a page whose team was asked meanwhile: still not saved
            return self._locked(request, form)
        form = form or self.form_for()
        return render(request, "pool/assignment_form.html", {
            "form": form, "assignment": self.assignment, "locked": locked}, status=status)

    def post(self, request, pk):
        form = self.form_for(request.POST)
        if not selectors.changeable(self.assignment):
            return self._locked(request, form)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        try:
            services.change_assignment(form)
        except services.AssignmentLocked:
            return self._locked(request, form)
        messages.success(request, _("De opdracht is aangepast. Een coördinator zoekt een team."))
        return redirect("pool:assignment", pk=pk)


class MyAssignmentsView(CapabilityRequiredMixin, View):
    """The requester's list: what their organisation asked for, and how far each team is. The
    work that is on goes in full; finished and cancelled work, more every year, a page at a
    time, the latest first."""

    capability = "pool.post_assignment"
    past_per_page = 100

    def get(self, request):
        visible = selectors.with_team_progress(
            selectors.assignments_visible_to(request.user)).prefetch_related("evaluations")
        current = selectors.as_of_today(visible.exclude(selectors.over()))
        past = Paginator(visible.filter(selectors.over()).order_by("-start", "-pk"),
                         self.past_per_page).get_page(request.GET.get(PAGE))
        for assignment in past:
            assignment.expired = selectors.expired(assignment)
        return render(request, "pool/assignments.html", {
            "current": current,
            "past": past,
            "manage": user_can(request.user, "pool.manage"),
        })


class AssignmentDetailView(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        assignment = get_object_or_404(Assignment, pk=kwargs["pk"])
        if not selectors.can_see_assignment(request.user, assignment):
            raise PermissionDenied
        if request.method == "POST":
            # an action may write: its checks, here and in the services, on the status as stored
            services.start_due_work([assignment.pk])
            assignment.refresh_from_db(fields=["status"])
        (self.assignment,) = selectors.as_of_today([assignment])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk, evaluation_form=None):
        assignment = self.assignment
        manage = user_can(request.user, "pool.manage")
        proposals = selectors.team_of(request.user, assignment)
        if proposals is not None:
            proposals = list(proposals)
            for proposal in proposals:
                proposal.explanation_shown = selectors.explanation_for(request.user, proposal)
        # the same numbers and states as 'Mijn opdrachten' and the coordinator's overview
        assignment.said_yes = assignment.proposals.filter(status=Proposal.Status.ACCEPTED).count()
        assignment.expired = selectors.expired(assignment)
        short_handed = proposals is not None and selectors.short_handed(assignment)
        return render(request, "pool/assignment_detail.html", {
            **self._replacement(request.user, assignment, short_handed=short_handed,
                                manage=manage),
            "assignment": assignment,
            "proposals": proposals,
            "manage": manage,
            "short_handed": short_handed,
            # the asker reads that the team she heard of is gone, not who left or why
            "team_gone": proposals is not None and not manage and (
                selectors.who_stopped(assignment) is not None or selectors.team_withdrawn(assignment)),
            "contact": selectors.contact_for(assignment) if proposals is not None else None,
            "evaluation_form": evaluation_form or EvaluationForm(),
            "evaluation_side": services.evaluation_side(assignment, request.user),
            "fell_apart": proposals is None and any(
                selectors.team_fell_apart(p) for p in assignment.proposals.filter(
                    expert__user=request.user).order_by("-created_at")[:1]),
            "can_cancel": selectors.can_cancel(request.user, assignment),
            "can_change": selectors.can_change(request.user, assignment),
            "has_proposed": manage and assignment.proposals.filter(status=Proposal.Status.PROPOSED).exists(),
            "has_sent": manage and assignment.proposals.filter(status=Proposal.Status.SENT).exists(),
            "stoppable": selectors.NOT_OVER,
            "evaluations": assignment.evaluations.all(),
        })

    @staticmethod
    def _replacement(user, assignment, *, short_handed: bool, manage: bool) -> dict:
        """Someone to step into running work that lost experts: what the coordinator can do,
        what the team and the asker read, and what the one asked reads about the team she would
        join."""
        found = selectors.replacements(assignment)
        mine = found.filter(expert__user=user, status=Proposal.Status.SENT).select_related(
            "assignment").first()
        if mine is not None:
            mine.teammates = selectors.teammates(mine)
        candidates = list(found.filter(status=Proposal.Status.PROPOSED).select_related(
            "expert")) if manage and short_handed else []
        return {
            "can_replace": manage and short_handed and selectors.running_on(assignment),
            "stepping_in": mine,
            "replacement_found": candidates,
            "replacement_names": [str(p.expert) for p in candidates],
            "replacement_asked": short_handed and found.filter(
                status=Proposal.Status.SENT).exists(),
            "replacement_refused": short_handed and selectors.replacement_refused(assignment),
            "replacement_none": short_handed and bool(assignment.unfillable_reasons),
        }

    def post(self, request, pk):
        assignment = self.assignment
        action = request.POST.get("action")
        manage = user_can(request.user, "pool.manage")
        try:
            if action == "replace_search" and manage:
                self._search_replacement(request, assignment)
            elif action == "replace_send" and manage:
                self._ask_replacement(request, assignment)
            elif action == "send" and manage:
                shown = {row_number(pk) for pk in request.POST.getlist("team")} - {None}
                asked = services.ask_team(assignment, shown=shown)
                messages.success(request, _("Het voorstel is naar de ervaringsdeskundigen gestuurd."))
                _no_mail_for(request, asked.unreachable)
            elif action == "remind" and manage:
                self._remind(request, assignment)
            elif action == "start" and manage:
                services.start(assignment)
                messages.success(request, _("De opdracht is gestart."))
            elif action == "stop" and manage:
                return self._expert_stops(request, assignment)
            elif action == "cancel" and selectors.can_cancel(request.user, assignment):
                had_team = assignment.proposals.filter(sent_at__isnull=False).exists()
                services.cancel(assignment, reason=request.POST.get("cancel_reason", ""),
                                by=request.user)
                messages.success(request, _("De opdracht is geannuleerd. Het team ziet dat op zijn pagina.")
                                 if had_team else _("De opdracht is geannuleerd."))
            elif (action == "cancel" and assignment.status == Assignment.Status.CANCELLED
                  and selectors.speaks_for(request.user, assignment)):
                messages.info(request, _("Deze opdracht was al geannuleerd."))  # a second click
            elif (action == "cancel" and assignment.status == Assignment.Status.RUNNING
                  and selectors.speaks_for(request.user, assignment)):
                raise services.WorkStarted()  # the start date came while the page was open
            elif action == "close" and services.evaluation_side(assignment, request.user):
                form = EvaluationForm(request.POST)
                if not form.is_valid():
                    return self.get(request, pk, evaluation_form=form)
                services.close(assignment, author=request.user, rating=form.cleaned_data["rating"],
                               text=form.cleaned_data["text"])
                messages.success(request, _("Bedankt voor de evaluatie."))
            else:
                raise PermissionDenied
        except services.WorkStarted:
            messages.error(request, _("Deze opdracht loopt al, dus annuleren kan niet meer. Rond "
                                      "hem af met een evaluatie als het werk klaar is."))
        except services.ReplacementNotNeeded:
            messages.error(request, _("Deze opdracht heeft geen invaller nodig: alleen werk dat "
                                      "loopt met te weinig ervaringsdeskundigen."))
        except services.ReplacementPending:
            messages.info(request, _("Er is al iemand gevraagd om in te vallen. Wacht op het "
                                     "antwoord."))
        except services.AssignmentOff:
            messages.error(request, _("Deze opdracht gaat niet meer door of is al voorbij."))
        except services.TeamNotAvailable as gone:
            if gone.names:
                messages.error(request, _(
                    "Het voorstel is niet verstuurd: %(names)s is niet meer beschikbaar in deze periode. "
                    "Het team is ingetrokken; zoek opnieuw een team.") % {"names": ", ".join(gone.names)})
            else:
                messages.error(request, _("Het voorstel is niet verstuurd: het team is niet meer "
                                          "compleet. Het is ingetrokken; zoek opnieuw een team."))
        except services.TeamIncomplete:
            messages.error(request, _("De opdracht is niet gestart, want het team is niet compleet. "
                                      "Misschien zei iemand intussen toch nee. Zoek een nieuw team "
                                      "op het overzicht."))
        except services.TeamChanged:
            messages.error(request, _("Het voorstel is niet verstuurd: het team is intussen veranderd "
                                      "(iemand zocht opnieuw). Bekijk het nieuwe team hieronder."))
        except ValueError:
            messages.error(request, _("Dat kan nu niet bij deze opdracht."))
        return redirect("pool:assignment", pk=assignment.pk)

    def _ask_replacement(self, request, assignment):
        shown = {row_number(pk) for pk in request.POST.getlist("replacement")} - {None}
        try:
            asked = services.ask_replacement(assignment, shown=shown)
        except services.TeamNotAvailable as gone:
            # the team that works stays: only the candidates are withdrawn
            messages.error(request, _(
                "De vraag is niet verstuurd: %(names)s is niet meer beschikbaar in deze periode. "
                "Zoek opnieuw iemand om in te vallen.") % {"names": ", ".join(gone.names)})
            return
        messages.success(request, _("De vraag om in te vallen is verstuurd."))
        _no_mail_for(request, asked.unreachable)

    def _search_replacement(self, request, assignment):
        found = services.propose_replacement(assignment)
        if found.proposals:
            count = len(found.proposals[0].expert_ids)
            messages.success(request, ngettext(
                "Meervoud stelt %(count)s ervaringsdeskundige voor om in te vallen. Kijk of het "
                "klopt en stuur de vraag.",
                "Meervoud stelt %(count)s ervaringsdeskundigen voor om in te vallen. Kijk of het "
                "klopt en stuur de vraag.", count) % {"count": count})
        else:
            messages.warning(request, _("Er is nu niemand gevonden die kan invallen. Hieronder "
                                        "staat waarom."))

    def _remind(self, request, assignment):
        done = services.remind(assignment)
        if not done.waiting:
            messages.info(request, _("Iedereen heeft al geantwoord."))
            return
        if done.reached:
            messages.success(request, ngettext(
                "%(count)s ervaringsdeskundige krijgt een herinnering per e-mail.",
                "%(count)s ervaringsdeskundigen krijgen een herinnering per e-mail.",
                done.reached) % {"count": done.reached})
        if done.already:
            messages.info(request, ngettext(
                "%(count)s ervaringsdeskundige kreeg vandaag al een herinnering. Morgen kan het "
                "weer.",
                "%(count)s ervaringsdeskundigen kregen vandaag al een herinnering. Morgen kan het "
                "weer.", done.already) % {"count": done.already})
        _no_mail_for(request, done.unreachable)

    def _expert_stops(self, request, assignment):
        proposal = get_object_or_404(Proposal, pk=posted_pk(request, "proposal"), assignment=assignment)
        reason = request.POST.get("stop_reason", "").strip()
        if not reason:
            messages.error(request, _("Schrijf op waarom %(name)s stopt.") % {"name": proposal.expert})
            return redirect("pool:assignment", pk=assignment.pk)
        try:
            left = services.expert_stops(proposal, reason)
        except ValueError:
            messages.error(request, _("Dat kan nu niet bij deze opdracht."))
            return redirect("pool:assignment", pk=assignment.pk)
        messages.success(request, _("%(name)s doet niet meer mee.") % {"name": proposal.expert})
        assignment.refresh_from_db(fields=["status"])  # work whose start date came is running now
        if assignment.status == Assignment.Status.RUNNING and left == 0:
            messages.warning(request, _("Er staat nu niemand meer op deze opdracht. Zoek samen met "
                                        "de vrager een nieuw team, of rond de opdracht af."))
        elif assignment.status == Assignment.Status.RUNNING and left < 2:
            messages.warning(request, _("Er staat nu nog maar één ervaringsdeskundige op deze opdracht. "
                                        "Zet niemand alleen in: zoek samen een oplossing, of rond de "
                                        "opdracht af."))
        elif assignment.status != Assignment.Status.RUNNING:
            messages.info(request, _("Het team is ingetrokken. Zoek een nieuw team op het overzicht."))
        return redirect("pool:assignment", pk=assignment.pk)


class ProfileView(CapabilityRequiredMixin, KeepTypedMixin, View):
    capability = "pool.profile"

    def _profile(self, request):
        return ExpertProfile.objects.filter(user=request.user).first()

    def form_for(self, data=None, initial=None, request=None):
        # ``request``: the respond view shows this page through a bare ProfileView()
        request = request or self.request
        profile = self._profile(request)
        user = request.user
        first_time = {} if profile else {"display_name": user.get_full_name() or user.username,
                                         "organisation": user.organisation_id, "languages": ["nl"]}
        return ExpertProfileForm(data, instance=profile, initial=initial or first_time)

    def get(self, request, form=None, decline_form=None, declining=None):
        """``decline_form``: a "no" that could not be saved, for the proposal ``declining``:
        shown again with what the expert typed."""
        profile = self._profile(request)
        proposals = list(selectors.sent_to(profile).select_related("assignment")) if profile else []
        selectors.as_of_today(proposal.assignment for proposal in proposals)
        for proposal in proposals:
            proposal.fell_apart = selectors.team_fell_apart(proposal)
            proposal.assignment.expired = selectors.expired(proposal.assignment)
            # a place in running work: whether it still runs, and with whom she would work
            proposal.ended = (proposal.joins_on is not None
                              and not selectors.running_on(proposal.assignment))
            if proposal.joins_on is not None and proposal.status == Proposal.Status.SENT:
                proposal.teammates = selectors.teammates(proposal)
        return render(request, "pool/profile.html", {
            "form": form or self.form_for(request=request),
            "profile": profile,
            "proposals": proposals,
            "decline_form": decline_form or DeclineForm(),
            "declining": declining,
            "not_started": selectors.NOT_STARTED,
            "promised": selectors.promised_hours(profile) if profile else 0,
        })

    def post(self, request):
        profile = self._profile(request)
        if request.POST.get("remove_blocked") and profile:
            BlockedPeriod.objects.filter(expert=profile, pk=posted_pk(request, "remove_blocked")).delete()
            return redirect("pool:profile")
        form = self.form_for(request.POST)
        if not form.is_valid():
            return self.get(request, form=form)
        profile = services.save_profile(form, user=request.user)
        messages.success(request, _("Je profiel is opgeslagen."))
        _warn_about_yes_during(request, profile, form, own=True)
        return redirect("pool:profile")


class ProfileDeleteView(CapabilityRequiredMixin, View):
    """Leaving the pool: the expert's right to have their profile erased (AVG)."""

    capability = "pool.profile"

    def get(self, request):
        profile = ExpertProfile.objects.filter(user=request.user).first()
        if profile is None:  # already gone (a second tab): nothing to confirm
            return redirect("pool:profile")
        return render(request, "pool/profile_delete.html", {"profile": profile})

    def post(self, request):
        profile = ExpertProfile.objects.filter(user=request.user).first()
        if profile is None:
            return redirect("pool:profile")
        try:
            services.delete_profile(profile)
        except services.ProfileInUse as busy:
            messages.error(request, _("Je doet nu mee aan %(titles)s. Rond dat eerst af of bespreek "
                                      "met de coördinator hoe je stopt. Daarna kun je je profiel "
                                      "verwijderen.") % {"titles": ", ".join(busy.titles)})
            return redirect("pool:profile")
        messages.success(request, _("Je profiel in de pool is verwijderd."))
        return redirect("pool:profile")


class ProposalResponseView(CapabilityRequiredMixin, View):
    capability = "pool.profile"

    def post(self, request, pk):
        proposal = get_object_or_404(selectors.answerable(request.user), pk=pk)
        try:
            if request.POST.get("action") == "accept":
                services.accept(proposal)
                messages.success(request, _("Je hebt de opdracht aangenomen."))
            else:
                form = DeclineForm(request.POST, proposal=proposal)
                if not form.is_valid():
                    response = ProfileView().get(request, decline_form=form, declining=proposal.pk)
                    response.status_code = 400
                    return response
                services.decline(proposal, form.cleaned_data["reason"])
                messages.success(request, _("Je doet niet mee. De coördinator zoekt een nieuw team."))
        except services.ReplacementOff:
            messages.error(request, _("Dit werk is al afgelopen of gaat niet meer door. Invallen "
                                      "kan niet meer: je hoeft niets te doen."))
        except services.AssignmentOff:
            messages.error(request, _("Deze opdracht gaat niet meer door of is al voorbij."))
        except services.WorkStarted:
            messages.error(request, _("Deze opdracht loopt al. Wil je stoppen? Bespreek het met de "
                                      "coördinator."))
        except ValueError:
            messages.error(request, _("Op dit voorstel kun je niet meer reageren."))
        return redirect("pool:profile")


class ExpertEditView(CapabilityRequiredMixin, KeepTypedMixin, View):
    """The coordinator keeps a profile up to date together with the expert."""

    capability = "pool.manage"

    def form_for(self, data=None, initial=None):
        profile = get_object_or_404(ExpertProfile, pk=self.kwargs["pk"])
        return CoordinatorProfileForm(data, instance=profile, initial=initial)

    def get(self, request, pk, form=None):
        profile = get_object_or_404(ExpertProfile, pk=pk)
        record(request, "view", profile)
        return render(request, "pool/expert_edit.html", {
            "profile": profile, "form": form or self.form_for()})

    def post(self, request, pk):
        profile = get_object_or_404(ExpertProfile, pk=pk)
        if request.POST.get("remove_blocked"):
            BlockedPeriod.objects.filter(expert=profile, pk=posted_pk(request, "remove_blocked")).delete()
            messages.success(request, _("De periode is verwijderd."))
            return redirect("pool:expert_edit", pk=pk)
        form = CoordinatorProfileForm(request.POST, instance=profile)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        profile = services.save_profile(form)
        if form.changed_data:
            # who changed someone's special-category data; the names of the fields, never values
            record(request, "change", profile, detail="velden: " + ", ".join(form.changed_data))
        messages.success(request, _("Het profiel is opgeslagen."))
        _warn_about_yes_during(request, profile, form, own=False)
        return redirect("pool:experts")


class ExpertListView(CapabilityRequiredMixin, View):
    capability = "pool.manage"

    def get(self, request):
        slug = request.GET.get("domein")
        domain = get_object_or_404(LifeDomain, slug=slug) if slug else None
        experts = ExpertProfile.objects.select_related("home", "organisation").prefetch_related(
            "domains", "proposals__assignment")
        if domain:
            experts = experts.filter(domains=domain)
        experts = list(experts)
        selectors.as_of_today(p.assignment for expert in experts for p in expert.proposals.all())
        record(request, "view", ExpertProfile, detail=f"lijst domein={slug or '-'}")
        return render(request, "pool/experts.html", {"experts": experts, "domain": domain})
