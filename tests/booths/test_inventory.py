"""Content counts used by the seed summary, the benchmark report and organizers."""

import pytest

from booths.inventory import content_counts
from tests.builders import make_booth, make_exhibit, make_exhibitor

pytestmark = pytest.mark.django_db


def test_counts_catalogues_and_pages_per_language(edition):
    booth = make_booth(edition, make_exhibitor())
    make_exhibit(booth)
    make_exhibit(booth, title="第二件展品")
    counts = content_counts()
    assert counts["exhibitors"] == 1 and counts["buyers"] == 0
    assert counts["booths (source)"] == 1 and counts["exhibits (source)"] == 2
    # home + edition + booth + 2 exhibits in the source; the other languages hold their home.
    assert counts["pages zh-hans"] == 5
    assert counts["pages en"] == counts["pages ru"] == counts["pages ar"] == 1
