"""English as read in the Netherlands and most of Europe: the day first.

Django's "en" writes dates the American way (03/14/2025, "March 14, 2025"), which a reader here
takes for 3 April. Meervoud writes "14 March 2025", as its templates already do where they give a
format; the short form keeps the month as a word, so no reader can swap day and month. Times are
24-hour, as on the Dutch pages and in the documents.
"""

DATE_FORMAT = "j F Y"  # 14 March 2025
TIME_FORMAT = "H:i"  # 15:30
DATETIME_FORMAT = "j F Y, H:i"  # 14 March 2025, 15:30
YEAR_MONTH_FORMAT = "F Y"  # March 2025
MONTH_DAY_FORMAT = "j F"  # 14 March
SHORT_DATE_FORMAT = "j M Y"  # 14 Mar 2025
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 14 Mar 2025, 15:30
FIRST_DAY_OF_WEEK = 1  # Monday

# The first input format is also how a form writes a saved value back into its field: ISO first,
# because a browser's date field (<input type="date">) takes nothing else.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2025-03-14
    "%d/%m/%Y",  # 14/03/2025
    "%d-%m-%Y",  # 14-03-2025
    "%d %b %Y",  # 14 Mar 2025
    "%d %B %Y",  # 14 March 2025
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",  # <input type="datetime-local">
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M",
]
TIME_INPUT_FORMATS = [
    "%H:%M:%S",
    "%H:%M:%S.%f",
    "%H:%M",
]

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
