"""Dutch de-identification of experience stories.

    from meervoud.deidentify import deidentify
    result = deidentify("Ik ben Petra (43) uit Ezinge.", known_names=["Petra"])
    result.text         # "Ik ben [PERSOON-1] ([LEEFTIJD]) uit [LOCATIE-1]."
    result.annotations  # spans on the original text
    result.counts       # {"age": 1, "location": 1, "person": 1}

Built on the deduce library (loaded once per process, on first use) with
additions for the social domain. No Django in here: plain data in and out.
"""

from .core import Deidentifier, deidentify
from .deduce_backend import get_deduce
from .model import KINDS, Annotation, Result

__all__ = ["KINDS", "Annotation", "Deidentifier", "Result", "deidentify", "get_deduce"]
