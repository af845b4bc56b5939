"""The engagement part of the public API, mounted at /api/v1/ by cms.api."""

from ninja import Router

from engagement.api import accounts, comments, reactions

router = Router()
router.add_router("/auth", accounts.router)
router.add_router("", reactions.router)
router.add_router("", comments.router)
