"""Every form field the app renders is described to screen readers by its help text and errors:
the ids the widget's aria-describedby names exist on the page."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals je wilt heten.", max_length=3)
    kinds = forms.MultipleChoiceField(label="Soorten", choices=[("a", "A"), ("b", "B")],
                                      widget=forms.CheckboxSelectMultiple, help_text="Kies er een.")


@pytest.mark.parametrize("name", ["name", "kinds"])
def test_aria_describedby_points_at_the_help_text_and_the_errors(name):
    form = _Form({"name": "te lang", "kinds": []})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form[name]})
    described = set(" ".join(re.findall(r'aria-describedby="([^"]+)"', html)).split())
    assert described >= {f"id_{name}_helptext", f"id_{name}_error"}, html
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert described <= ids, (described - ids, html)
