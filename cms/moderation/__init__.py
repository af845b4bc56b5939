"""Text screening for content moderation: "automatic review and blocking of sensitive
content" (SPEC 6.1.2).

This package is the engine only: pure Python, no Django, no database. `normalise` brings a
text and the word list to one canonical spelling (full-width, traditional characters,
invisible padding, look-alike letters…) and `WordMatcher` finds the list's terms in a text
in one linear pass, returning `Hit` spans of the original text. The Django side (the word
lists and their actions, moderation records, the review queue) lives in the ``engagement``
app, which builds a `WordMatcher` from the lists and calls it on what users submit.
"""

from .matcher import Hit, WordMatcher
from .normalize import Normalised, normalise

__all__ = ["Hit", "Normalised", "WordMatcher", "normalise"]
