"""The live-schedule page: every live stream of a language's editions, in time order.

A static page cannot know the time it is read at; each entry carries its start and end
as machine-readable times, and the status written is the one at build time; the theme's
boot script brings it up to date from the reader's clock (docs/theme.md).
"""

from dataclasses import dataclass

from django.utils import timezone


@dataclass
class Stream:
    title: str
    starts_at: object
    ends_at: object
    status: str
    booth_title: str
    booth_url: str
    edition_title: str
    time_zone: str


def streams_for(builder, home_entry, page_ids):
    """The streams of the booths among `page_ids` (the planner passes those whose content
    has a live-stream block), in the language of `home_entry`."""
    catalog = builder.catalog
    now = timezone.now()
    streams = []
    wanted = set(page_ids)
    for edition_entry in catalog.children(home_entry, "edition"):
        edition = builder.snapshot.page(edition_entry.id)
        for booth_entry in catalog.children(edition_entry, "booth"):
            if booth_entry.id not in wanted:
                continue
            booth = builder.snapshot.page(booth_entry.id)
            if booth is None:
                continue
            for block in booth.body:
                if block.block_type != "live_stream":
                    continue
                value = block.value
                streams.append(
                    Stream(
                        title=value["title"],
                        starts_at=value["starts_at"],
                        ends_at=value["ends_at"],
                        status=value.status(now),
                        booth_title=booth_entry.title,
                        booth_url=booth_entry.url,
                        edition_title=edition.title,
                        time_zone=edition.time_zone,
                    )
                )
    order = {"live": 0, "upcoming": 1, "ended": 2}
    streams.sort(key=lambda s: (order[s.status], s.starts_at, s.booth_url))
    return streams
