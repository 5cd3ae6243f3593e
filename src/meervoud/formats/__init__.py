"""Date and number formats where Django's own do not suit Meervoud's readers (FORMAT_MODULE_PATH).

A language without a module here keeps Django's formats."""
