"""One name, one theme: a name peer experts give may not be the name of another theme.

Refused, not only warned about: two themes of one name stand side by side in the menus to
move statements and to merge, where nobody can tell which is which, and once both are
validated the Kennisbank lists two identical titles for a municipality to puzzle over. If
the two are about the same thing they belong together (merge them); if not, the name should
say how they differ. The form keeps what she typed, so nothing is lost by the refusal.

"Another theme" is one a reader could mistake it for: a main theme among the main themes, a
sub-theme among the sub-themes of the same theme (the menus name a sub-theme with its theme,
so "Goed" may stand under two themes). Names compare without case, accents or extra spaces.
"""

from django import forms
from django.utils.translation import gettext

from meervoud.core.text import fold
from meervoud.knowledge.models import Theme


def _same(text: str) -> str:
    return fold(" ".join(text.split()))


def names_of(theme: Theme) -> set[str]:
    """What a theme is called where people read it, compared as :func:`_same` does: its
    peer experts' name, a new name waiting, and the analysis's label while no name hides it."""
    names = {theme.name, theme.name_draft or ""}
    if not theme.name or theme.name_draft == "":  # "": the waiting name is the label again
        names.add(theme.label)
    return {_same(name) for name in names if name.strip()}


def taken_by(name: str, *, theme: Theme | None = None, parent_id: int | None = None) -> Theme | None:
    """The other active theme already called ``name``, or None. ``theme``: the theme that is
    being named (its own names are no conflict: she may save it unchanged); else ``parent_id``:
    where a new theme will stand (None: among the main themes)."""
    wanted = _same(name)
    if not wanted:
        return None  # an empty name: the analysis's label, not a name she gives
    if theme is not None:
        if wanted in names_of(theme):
            return None
        parent_id = theme.parent_id
    others = Theme.objects.filter(active=True, parent_id=parent_id)
    if theme is not None and theme.pk is not None:
        others = others.exclude(pk=theme.pk)
    # the name in any of three fields, in any case or spelling: read the few candidates here
    return next((other for other in others.only("key", "name", "name_draft", "label", "parent_id")
                 if wanted in names_of(other)), None)


def free_name(name: str, *, theme: Theme | None = None, parent_id: int | None = None,
              splitting: bool = False) -> str:
    """``name``, for a form's ``clean_…``; a :class:`forms.ValidationError` in the field if
    another theme is already called so (:func:`taken_by`). ``splitting``: the name of a new
    theme split off, whose statements may belong with the other theme instead."""
    other = taken_by(name, theme=theme, parent_id=parent_id)
    if other is None:
        return name
    values = {"name": name.strip()}
    if splitting:
        message = gettext(
            "Er is al een thema dat ‘%(name)s’ heet. Er is niets veranderd. Horen deze uitspraken "
            "bij dat thema? Kies dan ‘Verplaats naar thema’. Zo niet, geef het nieuwe thema een "
            "naam die zegt waarin het verschilt.")
    elif other.parent_id:
        message = gettext(
            "Een ander subthema van dit thema heet al ‘%(name)s’. De naam is niet opgeslagen. Gaan "
            "ze over hetzelfde? Verplaats de uitspraken dan naar dat subthema. Zo niet, kies een "
            "naam die zegt waarin dit subthema verschilt.")
    else:
        message = gettext(
            "Een ander thema heet al ‘%(name)s’. De naam is niet opgeslagen. Gaan de twee thema's "
            "over hetzelfde? Voeg ze dan samen: kies onder de uitspraken ‘Voeg dit hele thema samen "
            "met’. Zo niet, kies een naam die zegt waarin dit thema verschilt.")
    raise forms.ValidationError(message % values, code="name_taken")
