"""Thin views over `services` and `selectors`. A plan is visible to its members only (and to
administrators); everyone else gets 404, so a plan's existence is not revealed."""

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from meervoud.accounts.permissions import CapabilityRequiredMixin, user_can
from meervoud.audit.services import record
from meervoud.core.forms import posted_pk, row_number
from meervoud.plans import exports, reference, selectors, services
from meervoud.plans.forms import (
    ActionFormSet,
    AddItemForm,
    BlockFormSet,
    ItemForm,
    MemberAddForm,
    MemberRoleForm,
    OwnChecklistForm,
    PhaseForm,
    PlanForm,
    ProgrammeForm,
    ProgressForm,
    RenameChecklistForm,
    SeenValuesMixin,
    SessionForm,
    lenient_token,
)
from meervoud.plans.models import (
    Action,
    Checklist,
    ChecklistItem,
    ChecklistKind,
    GoalTable,
    Plan,
    PlanInvitation,
    PlanMember,
    Programme,
    ProgrammeKind,
    Session,
)


def conflict_message(current) -> str:
    if current is None:
        return _("Dit onderdeel is intussen door iemand anders verwijderd. Jouw invoer staat "
                 "hieronder nog; kopieer wat je wilt bewaren.")
    who = getattr(current.updated_by, "username", None) or _("iemand anders")
    when = formats.date_format(timezone.localtime(current.updated_at), "j F Y H:i")
    return _("Let op: %(who)s heeft dit intussen opgeslagen (%(when)s). Jouw invoer is nog niet "
             "opgeslagen en staat hieronder. Vergelijk het met de nieuwe versie en klik nogmaals "
             "op opslaan om jouw versie te bewaren.") % {"who": who, "when": when}


def _keep_input_after_conflict(request, form, conflict, **kwargs):
    """The user's input bound again, now carrying the version they have been shown, so that a
    second save overwrites knowingly; the message says who saved in between. Fields this user
    left alone show what is stored now, so saving again keeps the colleague's changes there.

    Deleted meanwhile (`conflict.current` is None) is for the caller to say, with `_gone`; if
    one does not, the input stays with the message that it was deleted."""
    messages.error(request, conflict_message(conflict.current))
    data = request.POST.copy()
    if conflict.current is not None:
        data[form.add_prefix("version")] = str(conflict.current.version)
        if isinstance(form, SeenValuesMixin) and form.seen() is not None:
            data = form.rebind_on(conflict.current, data)
    rebound = type(form)(data, prefix=form.prefix, **kwargs)
    rebound.is_valid()
    rebound.conflict = conflict.current
    return rebound


def _gone(request, plan_pk: int, message: str, url: str):
    """What the user meant to save was deleted meanwhile (a colleague was first, or this user
    in another tab): said on the page where it was instead of an error page; nothing of the
    form is saved. When the whole plan went, that is what is said, on the plan list."""
    if not Plan.objects.filter(pk=plan_pk).exists():
        message, url = _("Het plan is al verwijderd."), reverse("plans:list")
    messages.info(request, message)
    return redirect(url)


class PlanAccessMixin(View):
    """Loads `self.plan` for members (and administrators); login first, 404 for others."""

    edit = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.plan = self.get_plan(**kwargs)
        if not selectors.can_view(request.user, self.plan):
            raise Http404
        if self.edit and request.method == "POST" and not selectors.can_edit(request.user, self.plan):
            raise PermissionDenied
        if request.method == "GET" and (gone := self.missing(request, **kwargs)):
            return gone
        return super().dispatch(request, *args, **kwargs)

    def missing(self, request, **kwargs):
        """A page of something inside the plan that was deleted (a bookmark, a colleague was
        quicker): the answer that says so, or None when it is there."""
        return None

    def get_plan(self, **kwargs) -> Plan:
        return get_object_or_404(Plan.objects.select_related("municipality"), pk=kwargs["pk"])


class PlanListView(View):
    """Her plans, and the invitations to a project team that wait for her answer."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_can(request.user, "plans.join"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, "plans/plan_list.html", {
            "plans": selectors.plans_for(request.user),
            "invitations": selectors.open_invitations_for(request.user),
            "can_create": user_can(request.user, "plans.create"),
        })

    def post(self, request):
        action = request.POST.get("action")
        if action not in ("accept", "decline"):
            return HttpResponseBadRequest()
        pk = posted_pk(request, "invitation")
        try:
            if action == "accept":
                member = services.accept_invitation(pk, user=request.user)
                messages.success(request, _("Je bent nu lid van het projectteam. Welkom!"))
                return redirect("plans:detail", pk=member.plan_id)
            services.decline_invitation(pk, user=request.user)
            messages.success(request, _("Je hebt nee gezegd. Het plan staat niet bij je plannen. "
                                        "De projectleider ziet dat je nee zei."))
        except services.PlanError as error:
            messages.error(request, str(error))
        return redirect("plans:list")


class PlanCreateView(CapabilityRequiredMixin, View):
    capability = "plans.create"

    def get(self, request):
        initial = {}
        organisation = request.user.organisation
        if organisation and organisation.municipality_id:
            initial["municipality"] = organisation.municipality_id
        return render(request, "plans/plan_form.html", {"form": PlanForm(initial=initial),
                                                        "creating": True})

    def post(self, request):
        form = PlanForm(request.POST)
        if not form.is_valid():
            return render(request, "plans/plan_form.html", {"form": form, "creating": True})
        plan, created = services.start_plan(user=request.user, data=form.cleaned_data)
        if created:
            messages.success(request, _("Het plan van aanpak is aangemaakt. Vul de doelen in en "
                                        "nodig je projectteam uit."))
        else:
            messages.info(request, _("Dit plan had je net al aangemaakt, bijvoorbeeld omdat je "
                                     "twee keer klikte. Het staat er één keer."))
        return redirect("plans:detail", pk=plan.pk)


def _table_context(plan: Plan, bound: dict | None = None) -> list[dict]:
    bound = bound or {}
    tables = []
    for fmt in reference.plan_format()["tables"]:
        rows = []
        for action in plan.actions.filter(table=fmt["key"]).select_related("updated_by"):
            form = bound.get(action.pk) or ProgressForm(
                prefix=f"a{action.pk}",
                initial={"version": action.version, "status": action.status,
                         "progress": action.progress})
            rows.append({"action": action, "form": form})
        tables.append({**fmt, "rows": rows, "label": GoalTable(fmt["key"]).label})
    return tables


class PlanDetailView(PlanAccessMixin):
    edit = False

    def get(self, request, pk, bound=None, status=200):
        plan = self.plan
        return render(request, "plans/plan_detail.html", {
            "plan": plan,
            "format": reference.plan_format(),
            "answers": _answers(plan),
            "tables": _table_context(plan, bound),
            "progress": selectors.action_progress(plan),
            "checklists": selectors.checklist_progress(plan),
            "members": plan.memberships.select_related("user", "user__organisation"),
            "programmes": plan.programmes.prefetch_related("sessions"),
            "programme_kinds": ProgrammeKind.choices,
            "programme_token": uuid.uuid4(),  # one-time: a double click adds one programme
            "workshop_length": selectors.length_text(selectors.workshop_minutes()),
            "can_edit": selectors.can_edit(request.user, plan),
            "can_manage": selectors.can_manage_members(request.user, plan),
            "can_delete": selectors.can_delete(request.user, plan),
        }, status=status)


def _answers(plan: Plan) -> list[dict]:
    return [{"title": section["title"],
             "questions": [{"question": q["question"], "answer": getattr(plan, q["field"])}
                           for q in section["questions"]]}
            for section in reference.plan_format()["sections"]]


class ProgressView(PlanAccessMixin):
    def post(self, request, pk, action_pk):
        action = Action.objects.filter(pk=action_pk, plan=self.plan).first()
        if action is None:  # a colleague removed the row from its table meanwhile
            return self.gone(request, pk)
        form = ProgressForm(request.POST, prefix=f"a{action.pk}")
        if not form.is_valid():
            messages.error(request, _("Kies een voortgang."))
            return PlanDetailView.get(self, request, pk, bound={action.pk: form}, status=400)
        try:
            services.update_progress(action, status=form.cleaned_data["status"],
                                     progress=form.cleaned_data["progress"],
                                     version=form.cleaned_data["version"], user=request.user,
                                     seen=form.seen())
        except services.ConflictError as conflict:
            if conflict.current is None:
                return self.gone(request, pk, action.table)
            form = _keep_input_after_conflict(request, form, conflict)
            return PlanDetailView.get(self, request, pk, bound={action.pk: form}, status=409)
        messages.success(request, _("Voortgang opgeslagen."))
        return redirect(reverse("plans:detail", args=[pk]) + f"#actie-{action.pk}")

    def gone(self, request, pk, table=None):
        url = reverse("plans:detail", args=[pk]) + (f"#tabel-{table}" if table else "")
        return _gone(request, pk, _("De actie is al verwijderd."), url)


class PlanEditView(PlanAccessMixin):
    def get(self, request, pk):
        form = PlanForm(instance=self.plan, initial={"version": self.plan.version})
        return render(request, "plans/plan_form.html", {"form": form, "plan": self.plan})

    def post(self, request, pk):
        form = PlanForm(request.POST, instance=Plan.objects.get(pk=pk))
        if not form.is_valid():
            return render(request, "plans/plan_form.html", {"form": form, "plan": self.plan},
                          status=400)
        try:
            services.update_plan(self.plan, data=form.cleaned_data, seen=form.seen(),
                                 version=form.cleaned_data["version"] or 0, user=request.user)
        except services.ConflictError as conflict:
            current = conflict.current
            if current is None:  # another lead deleted the plan while this form was open
                return _gone(request, pk, _("Het plan is al verwijderd."), reverse("plans:list"))
            changed = [{"label": form.fields[name].label, "theirs": _display(current, name)}
                       for name in (conflict.fields or PlanForm.Meta.fields)
                       if _differs(current, name, form.cleaned_data.get(name))]
            form = _keep_input_after_conflict(request, form, conflict, instance=Plan.objects.get(pk=pk))
            return render(request, "plans/plan_form.html", {
                "form": form, "plan": current, "conflict": current, "changed": changed},
                status=409)
        messages.success(request, _("Het plan is opgeslagen."))
        return redirect("plans:detail", pk=pk)


def _display(obj, name):
    value = getattr(obj, name)
    return "" if value is None else str(value)


def _differs(obj, name, submitted) -> bool:
    stored = getattr(obj, name)
    return (stored or "") != (submitted or "")


class ActionTableView(PlanAccessMixin):
    def get_table(self, table):
        if table not in GoalTable.values:
            raise Http404
        return table

    def initial(self, table):
        return [{"id": a.pk, "version": a.version, "goal": a.goal, "what": a.shown.what, "who": a.who,
                 "when": a.when, "due": a.due, "participants": a.participants, "status": a.status,
                 "progress": a.progress}
                for a in self.plan.actions.filter(table=table)]

    def render_table(self, request, table, formset, status=200, **extra):
        return render(request, "plans/action_table.html", {
            "plan": self.plan, "table": reference.table_format(table),
            "label": GoalTable(table).label, "formset": formset, **extra}, status=status)

    def get(self, request, pk, table):
        table = self.get_table(table)
        formset = ActionFormSet(initial=self.initial(table), table=table, prefix="rij")
        return self.render_table(request, table, formset)

    def post(self, request, pk, table):
        table = self.get_table(table)
        formset = ActionFormSet(request.POST, table=table, prefix="rij")
        if not formset.is_valid():
            return self.render_table(request, table, formset, status=400)
        rows = []
        for form in formset.forms:
            data = form.cleaned_data
            if not data:
                continue
            values = {k: data.get(k) for k in ("goal", "what", "who", "when", "due",
                                               "participants", "status", "progress")
                      if k in form.fields}
            for key in ("goal", "what", "who", "when", "progress"):
                values[key] = values.get(key) or ""
            rows.append(services.RowChange(pk=data.get("id"), version=data.get("version"),
                                           values=values, delete=data.get("DELETE", False),
                                           token=data.get("token"), seen=form.seen()))
        try:
            saved = services.save_actions(self.plan, table, rows, user=request.user)
        except services.ConflictError as conflict:
            messages.error(request, conflict_message(conflict.current))
            return self.render_table(request, table, formset, status=409,
                                     conflict=conflict.current,
                                     current_rows=self.plan.actions.filter(table=table))
        messages.success(request, _("De tabel is opgeslagen."))
        if saved.repeated:
            messages.info(request, ngettext(
                "Deze nieuwe rij was al opgeslagen, bijvoorbeeld omdat je twee keer op opslaan "
                "klikte. Hij staat er één keer in.",
                "Deze nieuwe rijen waren al opgeslagen, bijvoorbeeld omdat je twee keer op "
                "opslaan klikte. Ze staan er één keer in.", saved.repeated))
        if saved.removed:  # an old form sent again must not bring back what was deleted since
            messages.info(request, ngettext(
                "Deze nieuwe rij was al opgeslagen en is daarna verwijderd. Hij is niet opnieuw "
                "toegevoegd.",
                "Deze nieuwe rijen waren al opgeslagen en zijn daarna verwijderd. Ze zijn niet "
                "opnieuw toegevoegd.", saved.removed))
        return redirect(reverse("plans:detail", args=[pk]) + f"#tabel-{table}")


# -- roadmap and checklists ------------------------------------------------------------------

def _item_name(item: ChecklistItem) -> str:
    """What a point's note box and buttons are named after: 'stap 3' (Kotter's steps are
    numbered once for the whole roadmap), else the point's text."""
    return _("stap %(n)s") % {"n": item.step_number} if item.is_step else f"‘{item.shown.text}’"


def _checklist_context(checklists, bound_items=None, bound_phase=None, bound_rename=None):
    bound_items = bound_items or {}
    result = []
    for checklist in checklists:
        groups, current = [], None
        for item in checklist.items.all():
            if current is None or current["title"] != item.shown.group:
                current = {"title": item.shown.group, "entries": []}
                groups.append(current)
            form = bound_items.get(item.pk) or ItemForm(
                prefix=f"i{item.pk}", initial={"version": item.version, "done": item.done,
                                               "note": item.note})
            current["entries"].append({"item": item, "form": form, "name": _item_name(item)})
        items = list(checklist.items.all())
        phase_form = None
        if checklist.kind == ChecklistKind.PHASE:
            phase_form = (bound_phase if bound_phase is not None and bound_phase.checklist_pk == checklist.pk
                          else PhaseForm(prefix=f"f{checklist.pk}", initial={
                              "version": checklist.version, "starts_on": checklist.starts_on,
                              "ends_on": checklist.ends_on, "note": checklist.note}))
        rename_form = None
        if checklist.kind == ChecklistKind.OWN:
            rename_form = (bound_rename if bound_rename is not None and bound_rename.checklist_pk == checklist.pk
                           else RenameChecklistForm(prefix=f"r{checklist.pk}", initial={
                               "version": checklist.version, "title": checklist.title}))
        # many forms of the same kind on one page: each is named after its phase or list
        if phase_form is not None:
            phase_form.name_after(checklist.shown.title)
        if rename_form is not None:
            rename_form.name_after(checklist.shown.title)
        result.append({"checklist": checklist, "groups": groups,
                       "done": sum(1 for i in items if i.done), "total": len(items),
                       "phase_form": phase_form, "rename_form": rename_form,
                       "add_form": AddItemForm(prefix=f"n{checklist.pk}")})
    return result


class RoadmapView(PlanAccessMixin):
    edit = False
    page = "roadmap"

    def get(self, request, pk, bound_items=None, bound_phase=None, own_form=None,
            bound_rename=None, status=200):
        plan = self.plan
        if self.page == "roadmap":
            checklists = selectors.phases(plan)
            template = "plans/roadmap.html"
        else:
            checklists = selectors.other_checklists(plan)
            template = "plans/checklists.html"
        return render(request, template, {
            "plan": plan, "roadmap": reference.roadmap(), "page": self.page,
            "checklists": _checklist_context(checklists, bound_items, bound_phase, bound_rename),
            "can_edit": selectors.can_edit(request.user, plan),
            "own_form": own_form or OwnChecklistForm(),
        }, status=status)


class ChecklistsView(RoadmapView):
    """The handbook's other checklists, and the team's own ones: a POST makes one."""

    edit = True
    page = "checklists"

    def post(self, request, pk):
        form = OwnChecklistForm(request.POST)
        if not form.is_valid():
            return self.get(request, pk, own_form=form, status=400)
        checklist, created = services.create_own_checklist(
            self.plan, title=form.cleaned_data["title"], user=request.user)
        if created:
            messages.success(request, _("De checklist is gemaakt. Zet er nu punten op."))
        else:
            messages.info(request, _("Er is al een eigen checklist met deze naam."))
        return redirect(reverse("plans:checklists", args=[pk]) + f"#lijst-{checklist.pk}")


def _page_for(item_or_checklist) -> str:
    checklist = getattr(item_or_checklist, "checklist", item_or_checklist)
    return "roadmap" if checklist.kind == ChecklistKind.PHASE else "checklists"


def _render_page(view, request, pk, page, **kwargs):
    klass = RoadmapView if page == "roadmap" else ChecklistsView
    view.page = klass.page
    return RoadmapView.get(view, request, pk, **kwargs)


class ItemUpdateView(PlanAccessMixin):
    def post(self, request, pk, item_pk):
        item = ChecklistItem.objects.select_related("checklist").filter(
            pk=item_pk, checklist__plan=self.plan).first()
        if item is None:  # deleted meanwhile, by itself or with its own checklist
            return self.gone(request, pk, row_number(request.POST.get("checklist", "")))
        page = _page_for(item)
        if request.POST.get("delete"):
            try:
                services.delete_custom_item(item)
            except services.PlanError as error:
                messages.error(request, str(error))
            return redirect(reverse(f"plans:{page}", args=[pk]) + f"#lijst-{item.checklist_id}")
        form = ItemForm(request.POST, prefix=f"i{item.pk}")
        if form.is_valid():
            try:
                services.update_item(item, done=form.cleaned_data["done"],
                                     note=form.cleaned_data["note"], seen=form.seen(),
                                     version=form.cleaned_data["version"], user=request.user)
            except services.ConflictError as conflict:
                if conflict.current is None:
                    return self.gone(request, pk, item.checklist_id)
                form = _keep_input_after_conflict(request, form, conflict)
                return _render_page(self, request, pk, page, bound_items={item.pk: form},
                                    status=409)
            messages.success(request, _("Opgeslagen."))
        return redirect(reverse(f"plans:{page}", args=[pk]) + f"#punt-{item.pk}")

    def gone(self, request, pk, checklist_pk):
        """Said on the page of the point's list, which the form names (`checklist`); a list
        that is gone too is said as renaming it would. A page from before the form named its
        list lands on the checklists page."""
        if checklist_pk is None:
            return _gone(request, pk, _("Het punt is al verwijderd."),
                         reverse("plans:checklists", args=[pk]))
        checklist = self.plan.checklists.filter(pk=checklist_pk).first()
        if checklist is None:
            return _checklist_gone(request, pk)
        return _gone(request, pk, _("Het punt is al verwijderd."),
                     reverse(f"plans:{_page_for(checklist)}", args=[pk]) + f"#lijst-{checklist.pk}")


class ItemAddView(PlanAccessMixin):
    def post(self, request, pk, checklist_pk):
        checklist = self.plan.checklists.filter(pk=checklist_pk).first()
        if checklist is None:  # only an own checklist can go: a colleague deleted it meanwhile
            return _checklist_gone(request, pk)
        form = AddItemForm(request.POST, prefix=f"n{checklist.pk}")
        if form.is_valid():
            item, added = services.add_item_once(checklist, text=form.cleaned_data["text"],
                                                 user=request.user, token=form.cleaned_data["token"])
            if item is None:  # this form was sent before, and its point deleted since
                messages.info(request, _("Dit punt was al toegevoegd en is daarna verwijderd. "
                                         "Het is niet opnieuw toegevoegd."))
                return redirect(reverse(f"plans:{_page_for(checklist)}", args=[pk])
                                + f"#lijst-{checklist.pk}")
            if added:
                messages.success(request, _("Het punt is toegevoegd."))
            else:
                messages.info(request, _("Dit punt was al toegevoegd, bijvoorbeeld omdat je twee "
                                         "keer op toevoegen klikte. Het staat er één keer op."))
            return redirect(reverse(f"plans:{_page_for(checklist)}", args=[pk]) + f"#punt-{item.pk}")
        messages.error(request, _("Schrijf eerst wat je wilt toevoegen."))
        return redirect(reverse(f"plans:{_page_for(checklist)}", args=[pk]) + f"#lijst-{checklist.pk}")


def _checklist_gone(request, pk):
    return _gone(request, pk, _("De checklist is al verwijderd."),
                 reverse("plans:checklists", args=[pk]))


class OwnChecklistMixin(PlanAccessMixin):
    """Only the team's own checklists can be renamed or deleted: a handbook list is not found
    here (404). One that is no longer there was an own list a colleague deleted (or this user,
    in another tab): that is said on the checklists page."""

    def own_checklist(self, checklist_pk) -> Checklist | None:
        checklist = self.plan.checklists.filter(pk=checklist_pk).first()
        if checklist is not None and checklist.kind != ChecklistKind.OWN:
            raise Http404
        return checklist


class ChecklistRenameView(OwnChecklistMixin):
    def post(self, request, pk, checklist_pk):
        checklist = self.own_checklist(checklist_pk)
        if checklist is None:
            return _checklist_gone(request, pk)
        form = RenameChecklistForm(request.POST, prefix=f"r{checklist.pk}")
        form.checklist_pk = checklist.pk
        if not form.is_valid():
            return _render_page(self, request, pk, "checklists", bound_rename=form, status=400)
        try:
            services.rename_own_checklist(checklist, title=form.cleaned_data["title"],
                                          version=form.cleaned_data["version"],
                                          user=request.user, seen=form.seen())
        except services.PlanError as error:
            form.add_error("title", str(error))
            return _render_page(self, request, pk, "checklists", bound_rename=form, status=400)
        except services.ConflictError as conflict:
            if conflict.current is None:
                return _checklist_gone(request, pk)
            form = _keep_input_after_conflict(request, form, conflict)
            form.checklist_pk = checklist.pk
            return _render_page(self, request, pk, "checklists", bound_rename=form, status=409)
        messages.success(request, _("De naam van de checklist is opgeslagen."))
        return redirect(reverse("plans:checklists", args=[pk]) + f"#lijst-{checklist.pk}")


class PhaseUpdateView(PlanAccessMixin):
    def post(self, request, pk, checklist_pk):
        checklist = self.plan.checklists.filter(pk=checklist_pk).first()
        if checklist is None:  # the roadmap's phases go only with the plan (or by an administrator)
            return self.gone(request, pk)
        if checklist.kind != ChecklistKind.PHASE:
            raise Http404
        form = PhaseForm(request.POST, prefix=f"f{checklist.pk}")
        form.checklist_pk = checklist.pk
        if not form.is_valid():
            return _render_page(self, request, pk, "roadmap", bound_phase=form, status=400)
        try:
            services.update_phase(checklist, starts_on=form.cleaned_data["starts_on"],
                                  ends_on=form.cleaned_data["ends_on"],
                                  note=form.cleaned_data["note"], seen=form.seen(),
                                  version=form.cleaned_data["version"], user=request.user)
        except services.PlanError as error:
            form.add_error("ends_on", str(error))
            return _render_page(self, request, pk, "roadmap", bound_phase=form, status=400)
        except services.ConflictError as conflict:
            if conflict.current is None:
                return self.gone(request, pk)
            form = _keep_input_after_conflict(request, form, conflict)
            form.checklist_pk = checklist.pk
            return _render_page(self, request, pk, "roadmap", bound_phase=form, status=409)
        messages.success(request, _("De planning van de fase is opgeslagen."))
        return redirect(reverse("plans:roadmap", args=[pk]) + f"#lijst-{checklist.pk}")

    def gone(self, request, pk):
        return _gone(request, pk, _("De fase is al verwijderd."), reverse("plans:roadmap", args=[pk]))


# -- members ---------------------------------------------------------------------------------

class MembersView(PlanAccessMixin):
    edit = False

    def get(self, request, pk, add_form=None, status=200):
        manage = selectors.can_manage_members(request.user, self.plan)
        members = [{"member": m, "form": MemberRoleForm(prefix=f"m{m.pk}", initial={"role": m.role})}
                   for m in self.plan.memberships.select_related("user", "user__organisation")]
        return render(request, "plans/members.html", {
            "plan": self.plan, "members": members, "manage": manage,
            "invitations": selectors.invitations(self.plan),
            "mine": self.plan.memberships.filter(user=request.user).first(),
            "add_form": add_form or MemberAddForm()}, status=status)

    def post(self, request, pk):
        action = request.POST.get("action")
        leaving = (action == "remove" and PlanMember.objects.filter(
            pk=posted_pk(request, "member"), plan=self.plan, user=request.user).exists())
        if not (leaving or selectors.can_manage_members(request.user, self.plan)):
            raise PermissionDenied
        try:
            if action == "add":
                form = MemberAddForm(request.POST)
                if not form.is_valid():
                    return self.get(request, pk, add_form=form, status=400)
                try:
                    invitation = services.invite(self.plan, username=form.cleaned_data["username"],
                                                 role=form.cleaned_data["role"], by=request.user)
                except services.PlanError as error:  # on the field, with the name kept
                    form.add_error("username", str(error))
                    return self.get(request, pk, add_form=form, status=400)
                # the same words for every name or address: whether it is someone's is not for
                # the lead to learn (the words follow what was typed, not what was found)
                if "@" in invitation.username:
                    sent = _("Je hebt ‘%(name)s’ uitgenodigd. Heeft iemand met dit e-mailadres "
                             "een account, dan ziet die de uitnodiging bij de eigen plannen en "
                             "zegt daar ja of nee. Pas na een ja hoort die bij het projectteam.")
                else:
                    sent = _("Je hebt ‘%(name)s’ uitgenodigd. Heeft iemand deze gebruikersnaam, "
                             "dan ziet die de uitnodiging bij de eigen plannen en zegt daar ja of "
                             "nee. Pas na een ja hoort die bij het projectteam.")
                messages.success(request, sent % {"name": invitation.username})
            elif action == "withdraw":
                invitation = get_object_or_404(PlanInvitation, pk=posted_pk(request, "invitation"),
                                               plan=self.plan)
                services.withdraw_invitation(invitation, by=request.user)
                messages.success(request, _("De uitnodiging voor ‘%(name)s’ is weggehaald.")
                                 % {"name": invitation.username})
            else:
                member = get_object_or_404(PlanMember, pk=posted_pk(request, "member"), plan=self.plan)
                if action == "remove":
                    services.remove_member(member, by=request.user)
                    messages.success(request, _("%(name)s is uit het projectteam gehaald.")
                                     % {"name": member.user.username})
                    if member.user_id == request.user.pk:
                        return redirect("plans:list")
                elif action == "role":
                    form = MemberRoleForm(request.POST, prefix=f"m{member.pk}")
                    if form.is_valid():
                        services.change_role(member, form.cleaned_data["role"], by=request.user)
                        messages.success(request, _("De rol is aangepast."))
                else:
                    raise PermissionDenied
        except services.PlanError as error:
            messages.error(request, str(error))
            if not selectors.can_view(request.user, self.plan):  # a colleague took her off the team meanwhile
                return redirect("plans:list")
        return redirect("plans:members", pk=pk)


# -- exports ---------------------------------------------------------------------------------

def _filename(plan: Plan, extension: str) -> str:
    return f"plan-van-aanpak-{slugify(plan.location) or plan.pk}.{extension}"


class ExportDocxView(PlanAccessMixin):
    edit = False

    def get(self, request, pk):
        record(request, "export", self.plan, detail="docx")
        response = HttpResponse(
            exports.plan_docx(self.plan),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        response["Content-Disposition"] = f'attachment; filename="{_filename(self.plan, "docx")}"'
        return response


class ExportPdfView(PlanAccessMixin):
    edit = False

    def get(self, request, pk):
        record(request, "export", self.plan, detail="pdf")
        response = HttpResponse(exports.plan_pdf(self.plan), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{_filename(self.plan, "pdf")}"'
        return response


# -- programmes ------------------------------------------------------------------------------

class ProgrammeCreateView(PlanAccessMixin):
    def post(self, request, pk):
        kind = request.POST.get("kind")
        if kind not in ProgrammeKind.values:
            raise Http404
        programme, created = services.create_programme_once(
            self.plan, kind=kind, user=request.user,
            token=lenient_token(request.POST.get("token", "")))
        if programme is None:  # this form was sent before, and its programme deleted since
            messages.info(request, _("Dit programma was al toegevoegd en is daarna verwijderd. "
                                     "Het is niet opnieuw toegevoegd."))
            return redirect(reverse("plans:detail", args=[pk]) + "#programmas")
        if created:
            messages.success(request, _("Het programma is overgenomen uit de handreiking. Pas het "
                                        "aan op jullie locatie en plan de data."))
        else:
            messages.info(request, _("Dit programma was al toegevoegd, bijvoorbeeld omdat je "
                                     "twee keer klikte. Het staat er één keer."))
        return redirect("plans:programme", pk=pk, programme_pk=programme.pk)


class ProgrammeMixin(PlanAccessMixin):
    def missing(self, request, **kwargs):
        if not Programme.objects.filter(pk=kwargs["programme_pk"], plan=self.plan).exists():
            return _programme_gone(request, kwargs["pk"])
        return None

    def programme(self, programme_pk) -> Programme:
        return get_object_or_404(Programme, pk=programme_pk, plan=self.plan)


class ProgrammeView(ProgrammeMixin):
    edit = True

    def get(self, request, pk, programme_pk, form=None, status=200):
        programme = self.programme(programme_pk)
        shown = programme.shown
        form = form or ProgrammeForm(initial={
            "version": programme.version, "title": shown.title, "audience": shown.audience,
            "venue": programme.venue, "trainers": programme.trainers, "intro": shown.intro,
            "notes": programme.notes})
        return render(request, "plans/programme.html", {
            "plan": self.plan, "form": form, **selectors.programme_context(programme),
            "can_edit": selectors.can_edit(request.user, self.plan)}, status=status)

    def post(self, request, pk, programme_pk):
        if request.POST.get("action") == "delete":  # the button of a page from before the question
            return redirect("plans:programme_delete", pk=pk, programme_pk=programme_pk)
        programme = Programme.objects.filter(pk=programme_pk, plan=self.plan).first()
        if programme is None:  # deleted while this page was open
            return _programme_gone(request, pk)
        if request.POST.get("action") == "add_session":
            session = services.add_session(programme, user=request.user)
            return redirect("plans:session", pk=pk, programme_pk=programme.pk, session_pk=session.pk)
        form = ProgrammeForm(request.POST)
        if not form.is_valid():
            return self.get(request, pk, programme_pk, form=form, status=400)
        try:
            services.update_programme(programme, data=form.cleaned_data, seen=form.seen(),
                                      version=form.cleaned_data["version"], user=request.user)
        except services.ConflictError as conflict:
            if conflict.current is None:
                return _programme_gone(request, pk)
            form = _keep_input_after_conflict(request, form, conflict)
            return self.get(request, pk, programme_pk, form=form, status=409)
        messages.success(request, _("Het programma is opgeslagen."))
        return redirect("plans:programme", pk=pk, programme_pk=programme.pk)


def _programme_gone(request, pk):
    return _gone(request, pk, _("Het programma is al verwijderd."),
                 reverse("plans:detail", args=[pk]))


class SessionEditView(ProgrammeMixin):
    def missing(self, request, **kwargs):
        if not Session.objects.filter(pk=kwargs["session_pk"], programme_id=kwargs["programme_pk"],
                                      programme__plan=self.plan).exists():
            return _session_gone(request, self.plan, kwargs["pk"], kwargs["programme_pk"])
        return None

    def session(self, programme_pk, session_pk) -> Session:
        return get_object_or_404(Session, pk=session_pk, programme=self.programme(programme_pk))

    def render_form(self, request, session, form, formset, status=200, **extra):
        return render(request, "plans/session_form.html", {
            "plan": self.plan, "programme": session.programme, "session": session,
            "overlaps": selectors.session_overlaps(self.plan).get(session.pk, []),
            "form": form, "formset": formset, **extra}, status=status)

    def get(self, request, pk, programme_pk, session_pk):
        session = self.session(programme_pk, session_pk)
        form = SessionForm(initial={"version": session.version, "title": session.shown.title,
                                    "date": session.date, "start_time": session.start_time,
                                    "venue": session.venue})
        formset = BlockFormSet(prefix="blok", initial=[
            {"key": b.key, "title": b.shown.title, "minutes": b.minutes,
             "description": b.shown.description, "exercise": b.shown.exercise,
             "materials": b.shown.materials, "ORDER": n}
            for n, b in enumerate(session.blocks.all(), start=1)])
        return self.render_form(request, session, form, formset)

    def post(self, request, pk, programme_pk, session_pk):
        if request.POST.get("action") == "delete":  # the button of a page from before the question
            return redirect("plans:session_delete", pk=pk, programme_pk=programme_pk,
                            session_pk=session_pk)
        programme = self.programme(programme_pk)
        session = Session.objects.filter(pk=session_pk, programme=programme).first()
        if session is None:  # a colleague deleted it while this page was open
            return self.gone(request, programme)
        form = SessionForm(request.POST)
        formset = BlockFormSet(request.POST, prefix="blok")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_form(request, session, form, formset, status=400)
        blocks = [f.cleaned_data for f in formset.ordered_forms
                  if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            services.save_session(session, data=form.cleaned_data, blocks=blocks,
                                  version=form.cleaned_data["version"], user=request.user)
        except services.ConflictError as conflict:
            if conflict.current is None:  # deleted while saving: nothing of it was written
                return self.gone(request, programme)
            form = _keep_input_after_conflict(request, form, conflict)
            return self.render_form(request, session, form, formset, status=409,
                                    conflict=conflict.current)
        if session.pk in selectors.session_overlaps(self.plan):  # a warning: it may be on purpose
            messages.warning(request, _("Het dagdeel is opgeslagen. Let op: het overlapt met een "
                                        "ander dagdeel. Hieronder staat met welk."))
        else:
            messages.success(request, _("Het dagdeel is opgeslagen."))
        return redirect(reverse("plans:programme", args=[pk, programme_pk]) + f"#dagdeel-{session.pk}")

    def gone(self, request, programme):
        """The dagdeel is gone: what was typed (blocks are much work) stays on the page to copy,
        with the message that it was deleted; nothing is saved."""
        messages.error(request, conflict_message(None))
        return self.render_form(request, Session(programme=programme, title=request.POST.get("title", "")),
                                SessionForm(request.POST), BlockFormSet(request.POST, prefix="blok"),
                                status=409, gone=True)


# Deleting asks first, as elsewhere in Meervoud: GET shows "Weet je zeker …?" with a way back,
# only the POST of its "Ja, verwijderen" deletes. Already gone (a second tab, the back button,
# a colleague was first) is said on the page the user would have landed on, not a 404.

class ProgrammeDeleteView(PlanAccessMixin):
    def get(self, request, pk, programme_pk):
        programme = Programme.objects.filter(pk=programme_pk, plan=self.plan).first()
        if programme is None:
            return self.gone(pk)
        return render(request, "plans/delete.html", {"plan": self.plan, "programme": programme})

    def post(self, request, pk, programme_pk):
        programme = Programme.objects.filter(pk=programme_pk, plan=self.plan).first()
        if programme is None:
            return self.gone(pk)
        services.delete_programme(programme)
        messages.success(request, _("Het programma is verwijderd."))
        return redirect("plans:detail", pk=pk)

    def gone(self, pk):
        return _programme_gone(self.request, pk)


class SessionDeleteView(PlanAccessMixin):
    def session(self, programme_pk, session_pk) -> Session | None:
        return Session.objects.select_related("programme").filter(
            pk=session_pk, programme_id=programme_pk, programme__plan=self.plan).first()

    def get(self, request, pk, programme_pk, session_pk):
        session = self.session(programme_pk, session_pk)
        if session is None:
            return self.gone(pk, programme_pk)
        return render(request, "plans/delete.html", {
            "plan": self.plan, "programme": session.programme, "session": session})

    def post(self, request, pk, programme_pk, session_pk):
        session = self.session(programme_pk, session_pk)
        if session is None:
            return self.gone(pk, programme_pk)
        services.delete_session(session)
        messages.success(request, _("Het dagdeel is verwijderd."))
        return redirect("plans:programme", pk=pk, programme_pk=programme_pk)

    def gone(self, pk, programme_pk):
        return _session_gone(self.request, self.plan, pk, programme_pk)


def _session_gone(request, plan, pk, programme_pk):
    messages.info(request, _("Het dagdeel is al verwijderd."))
    if Programme.objects.filter(pk=programme_pk, plan=plan).exists():
        return redirect("plans:programme", pk=pk, programme_pk=programme_pk)
    return redirect("plans:detail", pk=pk)


class ChecklistDeleteView(OwnChecklistMixin):
    def get(self, request, pk, checklist_pk):
        checklist = self.own_checklist(checklist_pk)
        if checklist is None:
            return _checklist_gone(request, pk)
        return render(request, "plans/delete.html", {
            "plan": self.plan, "checklist": checklist,
            "back_url": reverse("plans:checklists", args=[pk]) + f"#lijst-{checklist.pk}"})

    def post(self, request, pk, checklist_pk):
        checklist = self.own_checklist(checklist_pk)
        if checklist is None:
            return _checklist_gone(request, pk)
        services.delete_own_checklist(checklist)
        messages.success(request, _("De checklist is verwijderd."))
        return redirect("plans:checklists", pk=pk)


class PlanDeleteView(PlanAccessMixin):
    """Only who may decide on the team (selectors.can_delete) deletes the plan; other members
    are told no (403), everyone else does not learn the plan exists (404)."""

    def dispatch(self, request, *args, **kwargs):
        if (request.user.is_authenticated and user_can(request.user, "plans.join")
                and not Plan.objects.filter(pk=kwargs["pk"]).exists()
                and selectors.was_deleted(kwargs["pk"])):
            return self.gone()
        return super().dispatch(request, *args, **kwargs)

    def check(self, request):
        if not selectors.can_delete(request.user, self.plan):
            raise PermissionDenied

    def get(self, request, pk):
        self.check(request)
        return render(request, "plans/delete.html", {"plan": self.plan, "whole_plan": True})

    def post(self, request, pk):
        self.check(request)
        # deleted and recorded together: no plan disappears without a line in the audit log
        with transaction.atomic():
            deleted = services.delete_plan(self.plan)
            if deleted:
                record(request, "delete", Plan, pk)
        if not deleted:
            return self.gone()
        messages.success(request, _("Het plan is verwijderd."))
        return redirect("plans:list")

    def gone(self):
        return _gone(self.request, self.kwargs["pk"], _("Het plan is al verwijderd."), reverse("plans:list"))


class ProgrammePrintView(ProgrammeMixin):
    edit = False

    def get(self, request, pk, programme_pk):
        programme = self.programme(programme_pk)
        return render(request, "plans/export/programme.html", {
            "plan": self.plan, "screen": True, **selectors.programme_context(programme)})


class ProgrammePdfView(ProgrammeMixin):
    edit = False

    def get(self, request, pk, programme_pk):
        programme = self.programme(programme_pk)
        response = HttpResponse(exports.programme_pdf(programme), content_type="application/pdf")
        record(request, "export", self.plan, detail="programma pdf")  # as the plan's own exports
        name = f"programma-{slugify(programme.title) or programme.pk}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class TemplatesView(View):
    """The handbook's training and workshop as they are, to read before copying one."""

    def get(self, request):
        return render(request, "plans/templates.html", {
            "training": reference.programme("training"),
            "workshop": reference.programme("workshop"),
            "training_minutes": [sum(b["minutes"] for b in s["blocks"])
                                 for s in reference.programme("training")["sessions"]],
            "workshop_minutes": selectors.workshop_minutes(),
        })
