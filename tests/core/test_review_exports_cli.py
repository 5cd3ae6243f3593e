"""Review of downloads/exports and the command line (written by a reviewer)."""

import pytest
from django.urls import reverse


def test_report_docx_survives_control_character_in_collective_statement(client, publish):
    """A collective statement pasted from Word (with a soft line break \\x0b) must not break the
    public municipal report as Word file: the download answers 200 like the PDF and web page."""
    publish.backed("wachtlijsten", 5, name="Wachtlijsten", insight="Wachten duurt lang.\x0bTe lang.")
    response = client.get(reverse("publication:report_docx", kwargs={"municipality": "Groningen"}))
    assert response.status_code == 200


def test_infographic_svg_is_well_formed_with_control_character_in_theme_name(client, publish):
    """The downloaded infographic SVG must be well-formed XML even when a theme name typed by
    peer experts holds a character XML forbids (Word's soft line break \\x0b)."""
    from xml.etree import ElementTree

    publish.backed("wachtlijsten", 5, name="Wachten\x0bop hulp", insight="Wachten duurt lang.")
    response = client.get(reverse("publication:infographic_svg"))
    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # raises ParseError: not well-formed
