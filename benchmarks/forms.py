"""What a browser would send from a form on a page; shared by the benchmark scripts."""

from __future__ import annotations

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields of the form with this ``action`` on a page, as a browser would send or offer them."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.values: dict[str, list[str]] = {}
        self.options: dict[str, list[str]] = {}  # choices offered by selects, radios, checkboxes
        self._form = 0
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("action") or "") == self.action and self._form == 0:
            self._form = 1
        if self._form != 1:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                self.options.setdefault(name, []).append(attrs.get("value", "on"))
                if "checked" in attrs:
                    self.values.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button"):
                self.values.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and attrs.get("value"):
            self.options.setdefault(self._select, []).append(attrs["value"])

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._form == 1:
            self._form = 2


def form_fields(html: str, action: str) -> FormFields:
    parser = FormFields(action)
    parser.feed(html)
    return parser
