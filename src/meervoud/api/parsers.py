"""JSON bodies, with Dutch errors for what DRF's parser lets through or explains in English."""

import json

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's parser, plus: a body nested too deep for Python's parser, and text with a lone
    surrogate (``"\\ud800"``, valid JSON but no valid Unicode, which no field or database can
    store), are a 400 instead of a server error; a syntax error is explained in Dutch."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("De JSON is te diep genest.")) from None
        except ParseError as error:
            raise ParseError(_("De JSON klopt niet: %(error)s")
                             % {"error": str(error.detail).removeprefix("JSON parse error - ")}) from None
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError(_("De JSON bevat een ongeldig teken (een losse surrogaat, "
                               "\\ud800–\\udfff).")) from None
        except RecursionError:
            raise ParseError(_("De JSON is te diep genest.")) from None
        return data
