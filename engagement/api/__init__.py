"""The engagement part of the public API, mounted at /api/v1/ by cms.api."""

from ninja import Router

from engagement.api import (
    accounts,
    beacons,
    comments,
    conversations,
    live,
    meetings,
    profile,
    reactions,
)

router = Router()
router.add_router("/auth", accounts.router)
router.add_router("", profile.router)
router.add_router("", reactions.router)
router.add_router("", comments.router)
router.add_router("", conversations.router)
router.add_router("", live.router)
router.add_router("", beacons.router)
router.add_router("", meetings.router)
