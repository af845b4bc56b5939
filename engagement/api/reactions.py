"""/api/v1/pages/{id}/…: likes, favourites and the live counts of booths and exhibits;
/api/v1/exhibitors/{id}/buyers: the buyers who interacted with an exhibitor (SPEC 5.6.4)."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from wagtail.models import Page

from booths.models import BoothPage, ExhibitorProfile
from cms import ratelimit
from cms.api_auth import signed_in
from cms.api_errors import ApiError, error_responses
from engagement import counts, identity
from engagement.api.common import page_or_404, require_verified
from engagement.models import BuyerFavourite, Comment, Reaction
from engagement.pages import in_language, targets

router = Router(tags=["likes and favourites"])

KINDS = {"like": Reaction.LIKE, "favourite": Reaction.FAVOURITE}


class CountsOut(Schema):
    page_id: int = Field(description="the page asked about")
    likes: int
    favourites: int
    comments: int
    liked: bool = False
    favourited: bool = False
    exhibitor_id: int | None = Field(None, description="the exhibitor to write or meet")


def _counts_of(requested, pages, user, *, recount=False):
    """CountsOut rows for the requested ids that are live booths or exhibits (`pages` maps
    them to their engagement.pages.Target); counted afresh with `recount` (after a write)."""
    read = counts.recount if recount else counts.counts
    by_source = read([page.page_id for page in pages.values()])
    mine = counts.reactions_of(user, [page.page_id for page in pages.values()])
    rows = []
    for page_id in requested:
        page = pages.get(page_id)
        if page is None:
            continue
        rows.append(
            {
                "page_id": page_id,
                **by_source[page.page_id],
                "liked": (page.page_id, Reaction.LIKE) in mine,
                "favourited": (page.page_id, Reaction.FAVOURITE) in mine,
                "exhibitor_id": page.exhibitor_id,
            }
        )
    return rows


@router.get("/pages/{page_id}/counts", response={200: CountsOut, **error_responses(404)}, auth=None)
def page_counts(request, page_id: int):
    """Likes, favourites and published comments of a booth or exhibit (the same in every
    language), and whether the caller has liked or favourited it."""
    page = page_or_404(page_id)
    return Status(200, _counts_of([page_id], {page_id: page}, request.user)[0])


@router.get("/counts", response={200: list[CountsOut], **error_responses(422)}, auth=None)
def many_counts(
    request, pages: str = Query(..., max_length=2000, description="comma-separated page ids")
):
    """The counts of up to 100 pages at once (a listing's grid). Unknown ids are left out."""
    try:
        requested = list(dict.fromkeys(int(part) for part in pages.split(",") if part.strip()))
    except ValueError:
        message = _("Give page ids separated by commas.")
        raise ApiError(422, "invalid", message, {"pages": [message]}) from None
    requested = [page_id for page_id in requested if 0 < page_id < 2**63][:100]
    return Status(200, _counts_of(requested, targets(requested), request.user))


def _react(request, page_id, kind, on):
    user = request.user
    ratelimit.check(request, "reaction", per_ip="120/m", per_user="60/m")
    require_verified(user)
    page = page_or_404(page_id)
    if identity.speaks_for(user, page.exhibitor_id):
        raise ApiError(403, "own_booth", _("Exhibitors cannot like or favourite their own booth."))
    if on:
        # INSERT … ON CONFLICT DO NOTHING: the same click twice (or at once) is one like.
        Reaction.objects.bulk_create(
            [Reaction(user=user, page_id=page.page_id, kind=kind)], ignore_conflicts=True
        )
    else:
        Reaction.objects.filter(user=user, page_id=page.page_id, kind=kind).delete()
    # A like changes the counts, not the comments: recounted and cached in one go.
    return Status(200, _counts_of([page_id], {page_id: page}, user, recount=True)[0])


REACT_ERRORS = error_responses(401, 403, 404, 429)


@router.put("/pages/{page_id}/like", response={200: CountsOut, **REACT_ERRORS}, auth=signed_in)
def like(request, page_id: int):
    return _react(request, page_id, Reaction.LIKE, True)


@router.delete("/pages/{page_id}/like", response={200: CountsOut, **REACT_ERRORS}, auth=signed_in)
def unlike(request, page_id: int):
    return _react(request, page_id, Reaction.LIKE, False)


@router.put("/pages/{page_id}/favourite", response={200: CountsOut, **REACT_ERRORS}, auth=signed_in)
def favourite(request, page_id: int):
    return _react(request, page_id, Reaction.FAVOURITE, True)


@router.delete(
    "/pages/{page_id}/favourite", response={200: CountsOut, **REACT_ERRORS}, auth=signed_in
)
def unfavourite(request, page_id: int):
    return _react(request, page_id, Reaction.FAVOURITE, False)


class FavouritePageOut(Schema):
    page_id: int
    title: str
    url: str
    kind: str = Field(description="booth or exhibit")


@router.get(
    "/me/favourites", response={200: list[FavouritePageOut], **error_responses(401)}, auth=signed_in
)
def my_favourites(request, locale: str = Query("", max_length=15)):
    """The caller's favourite booths and exhibits, titled in `locale` where translated."""
    source_ids = Reaction.objects.filter(user=request.user, kind=Reaction.FAVOURITE).values_list(
        "page_id", flat=True
    )
    found = targets(source_ids)  # those still on show
    pages = Page.objects.filter(pk__in=found).only(
        "title", "url_path", "translation_key", "locale_id"
    )
    shown = in_language(pages, locale)
    return Status(
        200,
        [
            {
                "page_id": shown[page.pk][0],
                "title": shown[page.pk][1],
                "url": shown[page.pk][2],
                "kind": found[page.pk].kind,
            }
            for page in pages
        ],
    )


class InterestedBuyerOut(Schema):
    id: int
    name: str
    company: str
    country: str
    liked: int
    favourited: int
    commented: int
    favourite: bool = Field(description="the exhibitor has marked this buyer")
    mutual: bool = Field(description="marked by the exhibitor, and a favourite of the buyer")


def _exhibitor_or_403(user, exhibitor_id):
    exhibitor = ExhibitorProfile.objects.filter(pk=exhibitor_id).first()
    if exhibitor is None or not identity.speaks_for(user, exhibitor):
        raise ApiError(403, "forbidden", _("You do not work for this exhibitor."))
    return exhibitor


def _exhibitor_pages(exhibitor):
    booths = BoothPage.objects.filter(exhibitor=exhibitor)
    ids = set()
    for booth in booths:
        ids.add(booth.pk)
        ids.update(booth.get_descendants().values_list("pk", flat=True))
    return ids


def interested_buyers(exhibitor):
    """Buyers who liked, favourited or commented on the exhibitor's booths and exhibits."""
    page_ids = _exhibitor_pages(exhibitor)
    stats = {}
    for user_id, kind in Reaction.objects.filter(page_id__in=page_ids).values_list(
        "user_id", "kind"
    ):
        entry = stats.setdefault(user_id, {"liked": 0, "favourited": 0, "commented": 0})
        entry["liked" if kind == Reaction.LIKE else "favourited"] += 1
    for user_id in (
        Comment.objects.filter(page_id__in=page_ids, by_exhibitor=False)
        .exclude(status=Comment.REJECTED)
        .values_list("author_id", flat=True)
    ):
        stats.setdefault(user_id, {"liked": 0, "favourited": 0, "commented": 0})["commented"] += 1
    return stats


@router.get(
    "/exhibitors/{exhibitor_id}/buyers",
    response={200: list[InterestedBuyerOut], **error_responses(401, 403)},
    auth=signed_in,
)
def exhibitor_buyers(request, exhibitor_id: int):
    """For the exhibitor's staff: the buyers who interacted with its booth, most active
    first, with the exhibitor's own marks and whether the interest is mutual."""
    exhibitor = _exhibitor_or_403(request.user, exhibitor_id)
    return Status(200, buyer_rows(exhibitor))


def buyer_rows(exhibitor):
    from django.contrib.auth import get_user_model

    stats = interested_buyers(exhibitor)
    marked = set(
        BuyerFavourite.objects.filter(exhibitor=exhibitor).values_list("buyer_id", flat=True)
    )
    users = (
        get_user_model()
        .objects.filter(pk__in=stats, buyer_account__isnull=False)
        .select_related("buyer_profile")
    )
    rows = []
    for user in users:
        entry = stats[user.pk]
        profile = getattr(user, "buyer_profile", None)
        rows.append(
            {
                "id": user.pk,
                "name": user.get_full_name() or user.first_name,
                "company": profile.company_name if profile else "",
                "country": str(profile.country) if profile else "",
                **entry,
                "favourite": user.pk in marked,
                "mutual": user.pk in marked and entry["favourited"] > 0,
            }
        )
    rows.sort(key=lambda row: (-(row["liked"] + row["favourited"] + row["commented"]), row["id"]))
    return rows


@router.put(
    "/exhibitors/{exhibitor_id}/buyers/{buyer_id}/favourite",
    response={200: InterestedBuyerOut, **error_responses(401, 403, 404)},
    auth=signed_in,
)
def favourite_buyer(request, exhibitor_id: int, buyer_id: int):
    """Mark a buyer who interacted with the booth (not any buyer: the directory of all
    buyers is the organizer's, SPEC 4.1.3)."""
    exhibitor = _exhibitor_or_403(request.user, exhibitor_id)
    stats = interested_buyers(exhibitor)
    if buyer_id not in stats:
        raise ApiError(404, "not_found", _("This buyer has not interacted with your booth."))
    BuyerFavourite.objects.get_or_create(
        exhibitor=exhibitor, buyer_id=buyer_id, defaults={"created_by": request.user}
    )
    return Status(200, _one_buyer(request, exhibitor, buyer_id))


@router.delete(
    "/exhibitors/{exhibitor_id}/buyers/{buyer_id}/favourite",
    response={200: InterestedBuyerOut, **error_responses(401, 403, 404)},
    auth=signed_in,
)
def unfavourite_buyer(request, exhibitor_id: int, buyer_id: int):
    exhibitor = _exhibitor_or_403(request.user, exhibitor_id)
    BuyerFavourite.objects.filter(exhibitor=exhibitor, buyer_id=buyer_id).delete()
    if buyer_id not in interested_buyers(exhibitor):
        raise ApiError(404, "not_found", _("This buyer has not interacted with your booth."))
    return Status(200, _one_buyer(request, exhibitor, buyer_id))


def _one_buyer(request, exhibitor, buyer_id):
    for row in buyer_rows(exhibitor):
        if row["id"] == buyer_id:
            return row
    raise ApiError(404, "not_found", _("This buyer has not interacted with your booth."))
