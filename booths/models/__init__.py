"""The exhibition content model; one module per kind of content."""

from booths.models.booth import BoothPage, BoothTag
from booths.models.derived_media import DerivedMedia
from booths.models.exhibit import ExhibitImage, ExhibitPage, ExhibitSpec
from booths.models.exhibition import ExhibitionPage, ExhibitionSeries, HomePage
from booths.models.glossary import GlossaryTerm
from booths.models.images import BoothImage, BoothRendition
from booths.models.profiles import (
    BuyerContact,
    BuyerFeedback,
    BuyerProfile,
    ExhibitorContact,
    ExhibitorFeedback,
    ExhibitorProfile,
)
from booths.models.taxonomy import Category, Industry

__all__ = [
    "BoothImage",
    "BoothPage",
    "BoothRendition",
    "BoothTag",
    "BuyerContact",
    "BuyerFeedback",
    "BuyerProfile",
    "DerivedMedia",
    "Category",
    "ExhibitImage",
    "ExhibitPage",
    "ExhibitSpec",
    "ExhibitionPage",
    "ExhibitionSeries",
    "ExhibitorContact",
    "ExhibitorFeedback",
    "ExhibitorProfile",
    "GlossaryTerm",
    "HomePage",
    "Industry",
]
