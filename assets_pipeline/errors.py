"""Why an input is refused: a stable code for programs, an English sentence for people.

The Wagtail integration translates by `code` (the English `message` is also the msgid);
the CLI prints `str(error)`.
"""


class Rejected(Exception):
    """The input cannot become an asset; nothing was written."""

    def __init__(self, code, message, **params):
        self.code = code
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)
