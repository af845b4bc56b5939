"""The engagement data model; one module per kind of interaction."""

from engagement.models.accounts import BuyerAccount, PasswordChange
from engagement.models.comments import Comment
from engagement.models.moderation import ModerationCase, WordList
from engagement.models.reactions import BuyerFavourite, Reaction

__all__ = [
    "BuyerAccount",
    "BuyerFavourite",
    "Comment",
    "ModerationCase",
    "PasswordChange",
    "Reaction",
    "WordList",
]
