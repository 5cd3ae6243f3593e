"""Form pages that come back with what was typed, without being processed.

Two things send a form that must not be handled as a submission: the language button (the
same page in the other language) and an expired form token (core.errors.csrf_failure: she
logged in in another tab, or the page stood open too long). Reloading the page would empty the
form, and with it a story or a question that took a long time to write, so the page is shown
again from what the browser sent. Nothing is stored: the view's own ``post`` never runs.

Applying it to a form page:

1. the view inherits ``KeepTypedMixin`` after ``CapabilityRequiredMixin`` (the permission check
   comes first, also for an expired form) and before ``View``;
2. it defines ``form_for(data=None, initial=None)`` (its form, bound or not) and its ``get``
   takes ``form=None``;
3. its template gives the form an id and overrides the header's language buttons with
   ``{% block language_switch %}{% include "includes/language_switch_form.html" with form_id="…"
   checked=form.is_bound %}{% endblock %}``.
"""

from django.contrib import messages
from django.utils.translation import gettext as _

from meervoud.core.language import activate, remember_language

# what the language buttons send: the language (the button) and, from a page that showed the
# form's errors, that the form was judged already (then its errors come back translated)
LANGUAGE_FIELD = "interface_language"
CHECKED_FIELD = "interface_language_checked"
# set by core.errors.csrf_failure on the request it hands to the view
EXPIRED = "meervoud_form_expired"


def typed_values(form) -> dict:
    """What was typed in a bound form, as the initial values of a fresh one: the same page
    again without error messages."""
    return {name: form[name].data for name in form.fields if form[name].data is not None}


def mark_expired(request) -> None:
    setattr(request, EXPIRED, True)


class KeepTypedMixin:
    """A POST from the language button or with an expired token shows the page again as typed
    (``show_typed``) instead of reaching ``post``."""

    def dispatch(self, request, *args, **kwargs):
        expired = getattr(request, EXPIRED, False)
        language = request.POST.get(LANGUAGE_FIELD) if request.method == "POST" else None
        if request.method != "POST" or not (expired or language is not None):
            return super().dispatch(request, *args, **kwargs)
        if language is not None:
            activate(request, language)
        if expired:
            messages.warning(request, _(
                "Het formulier is nog niet verstuurd: het stond te lang open, of je logde ergens "
                "anders in of uit. Er is niets opgeslagen. Wat je typte staat er nog. Kijk het na "
                "en druk nog een keer op de knop."))
        # an expired form was not checked: its errors would be from before
        checked = not expired and bool(request.POST.get(CHECKED_FIELD))
        return remember_language(self.show_typed(request, checked=checked), language or "")

    def show_typed(self, request, *, checked: bool):
        """The page with the form as the browser sent it: with its errors (in the language now
        active) if the page showed them already, else as a fresh form filled in as typed."""
        form = self.form_for(request.POST)
        if not checked:
            form = self.form_for(initial=typed_values(form))
        return self.get(request, *self.args, form=form, **self.kwargs)

    def form_for(self, data=None, initial=None):
        raise NotImplementedError
