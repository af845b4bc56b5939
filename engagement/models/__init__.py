"""The engagement data model; one module per kind of interaction."""

from engagement.models.accounts import BuyerAccount, PasswordChange
from engagement.models.analytics import AnalyticsSalt, DailyRollup, Event
from engagement.models.comments import Comment
from engagement.models.conversations import Attachment, Conversation, Message, ReadMark
from engagement.models.live import LiveSession, Viewing
from engagement.models.meetings import Meeting, MeetingParticipant
from engagement.models.moderation import ModerationCase, WordList
from engagement.models.reactions import BuyerFavourite, Reaction

__all__ = [
    "AnalyticsSalt",
    "Attachment",
    "BuyerAccount",
    "BuyerFavourite",
    "Comment",
    "Conversation",
    "DailyRollup",
    "Event",
    "LiveSession",
    "Meeting",
    "MeetingParticipant",
    "Message",
    "ModerationCase",
    "PasswordChange",
    "ReadMark",
    "Reaction",
    "Viewing",
    "WordList",
]
