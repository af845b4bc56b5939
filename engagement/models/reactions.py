"""Likes and favourites (SPEC 5.6.4): buyers on booths and exhibits, exhibitors on buyers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reaction(models.Model):
    """A buyer's like or favourite of a booth or exhibit.

    Always recorded against the page in the source language, so that the count on the
    English page and on the Chinese page is the same count (engagement.pages).
    """

    LIKE = "like"
    FAVOURITE = "favourite"
    KIND_CHOICES = [(LIKE, _("like")), (FAVOURITE, _("favourite"))]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("like or favourite")
        verbose_name_plural = _("likes and favourites")
        constraints = [
            models.UniqueConstraint(fields=["user", "page", "kind"], name="one_reaction_per_kind")
        ]
        indexes = [models.Index(fields=["page", "kind"])]

    def __str__(self):
        return f"{self.user} {self.kind} {self.page_id}"


class BuyerFavourite(models.Model):
    """An exhibitor's favourite among the buyers who interacted with its booth; "mutual" when
    the buyer has favourited the booth or one of its exhibits too."""

    exhibitor = models.ForeignKey(
        "booths.ExhibitorProfile", on_delete=models.CASCADE, related_name="favourite_buyers"
    )
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favoured_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("favourite buyer")
        verbose_name_plural = _("favourite buyers")
        constraints = [
            models.UniqueConstraint(fields=["exhibitor", "buyer"], name="one_favourite_per_buyer")
        ]

    def __str__(self):
        return f"{self.exhibitor} ♥ {self.buyer}"
