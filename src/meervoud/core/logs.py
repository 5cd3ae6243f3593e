"""Logging that keeps narrators' personal links out of the server log."""

import logging
import re

_LINK = re.compile(r"(/mijn-verhaal/)[^/\s\"'?]+")


class HidePersonalLinks(logging.Filter):
    """Replace the token of a personal link in a log line by "…": the path of a failed request
    (Django's "Not Found: /mijn-verhaal/<token>/") would otherwise give anyone who reads the log
    the key to a narrator's stories."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/mijn-verhaal/" in message:
            record.msg, record.args = _LINK.sub(r"\1…", message), ()
        return True
