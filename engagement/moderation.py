"""Screening of what buyers and exhibitors write (SPEC 6.1.2: automatic review and blocking
of sensitive content), against the organizer's word lists.

Every comment, inquiry, chat message and profile text goes through `screen()` before it is
stored. A match in a "block" list refuses the text: the author gets a clear error naming
what matched, and the organizer keeps the attempt as a BLOCKED case. A match in a "review"
list stores the text but holds it (not shown to others) until a moderator decides; the
decision is recorded on the case and in Wagtail's audit log.

The matcher (cms.moderation: normalised text, Aho-Corasick) is built once per process per
version of the word lists. The version lives in the cache, bumped whenever a list is saved
or deleted, so every API process rebuilds after an organizer's edit (signal_handlers).
"""

import threading
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.api_errors import ApiError
from cms.moderation import WordMatcher
from engagement.models import ModerationCase, WordList

VERSION_KEY = "engagement:wordlists:version"
ALLOW = "allow"
REVIEW = WordList.REVIEW
BLOCK = WordList.BLOCK

_local = threading.local()


@dataclass(frozen=True)
class Screening:
    action: str = ALLOW
    hits: list = field(default_factory=list)

    @property
    def blocked(self):
        return self.action == BLOCK

    @property
    def held(self):
        return self.action == REVIEW

    def matched_text(self):
        """The passages of the author's own text that matched, for the error message."""
        return sorted({hit["text"] for hit in self.hits})


class TextRefused(ApiError):
    def __init__(self, screening, field_name):
        passages = "」「".join(screening.matched_text())
        detail = _(
            "Your text contains words that are not allowed on this platform: 「%(words)s」. "
            "Please rephrase it."
        ) % {"words": passages}
        super().__init__(422, "refused_text", detail, {field_name: [detail]})
        self.screening = screening


def word_lists_changed():
    """Make every process rebuild its matcher on its next screening."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def matcher():
    version = _version()
    cached = getattr(_local, "matcher", None)
    if cached is None or cached[0] != version:
        terms = [
            (term, (word_list.pk, word_list.name, word_list.action, tuple(word_list.scopes)))
            for word_list in WordList.objects.filter(enabled=True)
            for term in word_list.terms
        ]
        cached = (version, WordMatcher(terms))
        _local.matcher = cached
    return cached[1]


def screen(text, scope):
    """The verdict on `text` written in `scope` (comment, inquiry, message, profile)."""
    if not text:
        return Screening()
    hits = []
    for hit in matcher().find(text):
        list_id, list_name, action, scopes = hit.payload
        if scopes and scope not in scopes:
            continue
        hits.append(
            {
                "term": hit.term,
                "text": text[hit.start : hit.end],
                "start": hit.start,
                "end": hit.end,
                "list": list_name,
                "list_id": list_id,
                "action": action,
            }
        )
    if any(hit["action"] == BLOCK for hit in hits):
        return Screening(BLOCK, hits)
    if hits:
        return Screening(REVIEW, hits)
    return Screening()


def screen_fields(scope, author, **texts):
    """Screen several fields of one submission; raise TextRefused (recording a BLOCKED case)
    on the first blocked field, else return the combined verdict for the caller to store
    with `hold()` when it is REVIEW."""
    combined = []
    for name, text in texts.items():
        screening = screen(text, scope)
        if screening.blocked:
            _record_blocked(scope, author, text, screening)
            raise TextRefused(screening, name)
        combined.extend(screening.hits)
    return Screening(REVIEW, combined) if combined else Screening()


def _record_blocked(scope, author, text, screening):
    # Callers screen before they open their own transaction: the refused submission rolls
    # nothing back, and this record stays for the organizer.
    ModerationCase.objects.create(
        scope=scope,
        status=ModerationCase.BLOCKED,
        author=author if author is not None and author.is_authenticated else None,
        text=text,
        hits=screening.hits,
    )


def hold(obj, scope, author, text, screening):
    """Open a review case for a stored object that waits for a moderator."""
    return ModerationCase.objects.create(
        scope=scope,
        status=ModerationCase.HELD,
        author=author,
        text=text,
        hits=screening.hits,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
    )


def decide(case, approve, moderator, note=""):
    """A moderator's decision on a held case: the object is published or rejected, the case
    closed, and the decision written to the audit log (SPEC 6.1.2 security logs)."""
    with transaction.atomic():
        case = ModerationCase.objects.select_for_update().get(pk=case.pk)
        if case.status != ModerationCase.HELD:
            return case
        case.status = ModerationCase.APPROVED if approve else ModerationCase.REJECTED
        case.decided_by = moderator
        case.decided_at = timezone.now()
        case.note = note
        case.save(update_fields=["status", "decided_by", "decided_at", "note"])
        # Each moderated model says what a decision means for it (a comment is published
        # or rejected, a message delivered or withheld); a profile stays as it is, the
        # decision being the organizer's note on it.
        decided = getattr(case.content_object, "moderation_decided", None)
        if decided is not None:
            decided(approve)
        log(
            instance=case,
            action="engagement.moderation.approve" if approve else "engagement.moderation.reject",
            user=moderator,
            data={"scope": case.scope, "terms": case.matched_terms, "note": note},
        )
    return case
