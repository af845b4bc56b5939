"""Engagement on the demo exhibition (`manage.py seed_engagement`, run by `make demo` after
`seed_demo`): what a show looks like a few days after opening.

- the organizer's word lists (a block list and a review list);
- the demo buyer account (`buyer@expo.example.com`, printed with its password) and 40
  more buyer accounts on the demo's buyer profiles, which cannot sign in;
- likes, favourites and comments on booths and exhibits, the exhibitors' replies, one
  comment waiting in the moderation queue and one refused attempt on record;
- inquiries to exhibitor 1 with a chat history (one unread), and meetings (one accepted,
  one waiting for the exhibitor);
- the live sessions of the booths' live-stream blocks, with live and replay viewers;
- a week of analytics events with its daily rollups.

Deterministic (a fixed random seed, stable names) and idempotent: it does nothing when the
demo buyer account exists.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from booths.models import BoothPage, BuyerProfile, ExhibitorProfile, ExhibitPage
from engagement import live, meetings, rollups
from engagement.models import (
    BuyerAccount,
    Comment,
    Conversation,
    Event,
    Message,
    ModerationCase,
    Reaction,
    ReadMark,
    Viewing,
    WordList,
)

DEMO_BUYER = "buyer@expo.example.com"
DEMO_BUYER_PASSWORD = "Harbour-Silk-Buyer-2026"  # noqa: S105 (published demo password)
SOURCE = "zh-hans"
BLOCKED_WORDS = [
    "代开发票",
    "发票代开",
    "赌博",
    "博彩",
    "洗钱",
    "fake invoice",
    "casino",
    "money laundering",
]
REVIEW_WORDS = ["微信", "wechat", "whatsapp", "加我", "QQ号", "telegram"]
QUESTIONS = [
    ("en", "Do you ship to Hamburg? What is the lead time for 500 pieces?"),
    ("en", "Is the oak FSC certified?"),
    ("ru", "Какой минимальный объём заказа и есть ли доставка в Москву?"),
    ("ar", "هل يمكنكم تقديم عينات قبل الطلب الكبير؟"),
    ("zh-hans", "请问可以做定制尺寸吗？"),
    ("en", "Can you print our logo on the packaging?"),
    ("en", "Nice booth. Which colours are in stock?"),
]
REPLIES = {
    "en": "Yes, we do. Please send us an inquiry with your quantities and we will quote.",
    "ru": "Да, возможно. Пришлите запрос с количеством, и мы подготовим предложение.",
    "ar": "نعم، يمكننا ذلك. أرسلوا لنا استفسارًا بالكميات وسنرسل عرض السعر.",
    "zh-hans": "可以的，请发询盘告知数量，我们会尽快报价。",
}


@dataclass
class Result:
    created: bool = False
    counts: dict = field(default_factory=dict)
    passwords: dict = field(default_factory=dict)


def seed_engagement(log=None):
    say = log or (lambda message: None)
    User = get_user_model()
    if User.objects.filter(email=DEMO_BUYER).exists():
        return Result(passwords={DEMO_BUYER: DEMO_BUYER_PASSWORD})
    rnd = random.Random(2026)  # noqa: S311 (demo data)
    now = timezone.now()
    with transaction.atomic():
        lists = seed_word_lists()
        buyers = seed_buyers(rnd)
        say(f"buyer accounts: {len(buyers)}")
        booths = list(
            BoothPage.objects.live()
            .filter(locale__language_code=SOURCE)
            .exclude(exhibitor=None)
            .select_related("exhibitor")
            .order_by("path")
        )
        exhibits = list(
            ExhibitPage.objects.live().filter(locale__language_code=SOURCE).order_by("path")
        )
        reactions = seed_reactions(rnd, buyers, booths, exhibits, now)
        comments = seed_comments(rnd, buyers, booths, exhibits, now)
        conversations = seed_conversations(buyers[0], booths, now)
    say(f"likes and favourites: {reactions}, comments: {comments}")
    meeting_count = seed_meetings(buyers[0], booths, now)
    sessions = live.sync_all()
    viewings = seed_viewings(rnd, buyers, now)
    events = seed_events(rnd, buyers, booths, exhibits, now)
    days = rollups.run(since=7)
    say(f"analytics events: {events}, days rolled up: {len(days)}")
    return Result(
        created=True,
        counts={
            "word lists": lists,
            "buyer accounts": len(buyers),
            "likes and favourites": reactions,
            "comments": comments,
            "conversations": conversations,
            "meetings": meeting_count,
            "live sessions": sessions if isinstance(sessions, int) else len(sessions or []),
            "viewings": viewings,
            "analytics events": events,
        },
        passwords={DEMO_BUYER: DEMO_BUYER_PASSWORD},
    )


def seed_word_lists():
    WordList.objects.get_or_create(
        name="违禁内容 Prohibited",
        defaults={"action": WordList.BLOCK, "words": "\n".join(BLOCKED_WORDS)},
    )
    WordList.objects.get_or_create(
        name="站外联系方式 Off-platform contacts",
        defaults={
            "action": WordList.REVIEW,
            "words": "\n".join(REVIEW_WORDS),
            "scopes": ["comment"],
        },
    )
    return WordList.objects.count()


def seed_buyers(rnd, count=40):
    """The demo buyer (can sign in) and `count` more on the demo's buyer profiles."""
    User = get_user_model()
    profiles = list(
        BuyerProfile.objects.filter(external_id__startswith="DEMO-B-", user=None).order_by(
            "external_id"
        )[: count + 1]
    )
    users = []
    verified = timezone.now() - datetime.timedelta(days=20)
    for index, profile in enumerate(profiles):
        email = DEMO_BUYER if index == 0 else f"buyer{index:02d}@expo.example.com"
        contact = profile.contacts.first()
        user = User(username=email, email=email, first_name=(contact.name if contact else "")[:150])
        if index == 0:
            user.first_name = user.first_name or "Demo"
            user.set_password(DEMO_BUYER_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
        BuyerAccount.objects.create(
            user=user,
            level="member",
            email_verified_at=verified,
            approved_at=verified,
            terms_version="2026-1",
            language=rnd.choice(["en", "en", "ru", "ar", "zh-hans"]) if index else "en",
            time_zone=rnd.choice(
                ["Europe/Berlin", "America/New_York", "Asia/Dubai", "Europe/Moscow"]
            )
            if index
            else "Europe/Berlin",
        )
        profile.user = user
        profile.save(update_fields=["user"])
        users.append(user)
    return users


def _at(rnd, now, days=6):
    return now - datetime.timedelta(seconds=rnd.randrange(60, days * 86400))


def seed_reactions(rnd, buyers, booths, exhibits, now):
    rows = []
    popular = booths[:30]
    for buyer in buyers:
        pages = rnd.sample(popular, min(8, len(popular))) + rnd.sample(
            exhibits, min(15, len(exhibits))
        )
        for page in pages:
            rows.append(Reaction(user=buyer, page=page, kind=Reaction.LIKE))
            if rnd.random() < 0.35:
                rows.append(Reaction(user=buyer, page=page, kind=Reaction.FAVOURITE))
    Reaction.objects.bulk_create(rows, ignore_conflicts=True)
    # Spread the dates over the show so far (auto_now_add sets them at insert).
    for reaction in Reaction.objects.all().only("pk"):
        Reaction.objects.filter(pk=reaction.pk).update(created_at=_at(rnd, now))
    return len(rows)


def seed_comments(rnd, buyers, booths, exhibits, now):
    count = 0
    staff = {
        profile.pk: profile.owners.first()
        for profile in ExhibitorProfile.objects.filter(owners__isnull=False).distinct()
    }
    for index, page in enumerate(booths[:25] + exhibits[:25]):
        booth = page if isinstance(page, BoothPage) else page.get_parent().specific
        for _ in range(rnd.choice((0, 1, 1, 2, 3))):
            language, text = rnd.choice(QUESTIONS)
            comment = Comment.objects.create(
                page=page, author=rnd.choice(buyers[1:]), body=text, language=language
            )
            Comment.objects.filter(pk=comment.pk).update(created_at=_at(rnd, now))
            count += 1
            owner = staff.get(booth.exhibitor_id)
            if owner is not None and rnd.random() < 0.7:
                Comment.objects.create(
                    page=page,
                    author=owner,
                    parent=comment,
                    body=REPLIES[language],
                    language=language,
                    by_exhibitor=True,
                )
                count += 1
        if index == 0:
            held = Comment.objects.create(
                page=page,
                author=buyers[1],
                body="Good prices! Add me on WeChat for a discount: demo_buyer_88",
                status=Comment.HELD,
                language="en",
            )
            ModerationCase.objects.create(
                scope="comment",
                status=ModerationCase.HELD,
                author=buyers[1],
                text=held.body,
                hits=[_hit(held.body, "WeChat", "站外联系方式 Off-platform contacts", "review")],
                content_object=held,
            )
            refused = "我们可以代开发票，价格优惠"
            ModerationCase.objects.create(
                scope="comment",
                status=ModerationCase.BLOCKED,
                author=buyers[2],
                text=refused,
                hits=[_hit(refused, "代开发票", "违禁内容 Prohibited", "block")],
            )
    return count


def _hit(text, term, list_name, action):
    start = text.lower().index(term.lower())
    return {
        "term": term.lower(),
        "text": text[start : start + len(term)],
        "start": start,
        "end": start + len(term),
        "list": list_name,
        "list_id": WordList.objects.get(name=list_name).pk,
        "action": action,
    }


def seed_conversations(buyer, booths, now):
    """Three inquiries from the demo buyer to exhibitor 1, with a chat history."""
    mine = [booth for booth in booths if booth.exhibitor.external_id == "DEMO-E-0001"]
    if not mine:
        return 0
    booth = mine[0]
    exhibitor = booth.exhibitor
    owner = exhibitor.owners.first()
    exhibits = list(ExhibitPage.objects.child_of(booth).live().order_by("path")[:2])
    threads = [
        (
            exhibits[0] if exhibits else None,
            "Quotation for 500 pieces",
            [
                (False, "Hello, could you quote 500 pieces FOB Shanghai, delivery to Hamburg?"),
                (True, "Thank you for your inquiry. USD 42 per piece FOB Shanghai, 35 days."),
                (False, "Could you do USD 39 for 800 pieces?"),
                (True, "For 800 pieces we can offer USD 40. Samples are free."),
            ],
        ),
        (
            exhibits[1] if len(exhibits) > 1 else None,
            "Samples and certificates",
            [
                (False, "Do you have FSC and CE certificates? We need them for the EU."),
                (True, "Yes, both. I attach them after our call; shall we meet online?"),
            ],
        ),
        (None, "Distribution in Germany", [(False, "Are you looking for a distributor?")]),
    ]
    count = 0
    for offset, (exhibit, subject, lines) in enumerate(threads):
        started = now - datetime.timedelta(days=3 - offset, hours=5)
        conversation = Conversation.objects.create(
            exhibitor=exhibitor,
            buyer=buyer,
            booth=booth,
            exhibit=exhibit,
            subject=subject,
            language="en",
            last_message_at=started,
        )
        last_by = {}
        for step, (by_exhibitor, body) in enumerate(lines):
            message = Message.objects.create(
                conversation=conversation,
                sender=owner if by_exhibitor else buyer,
                by_exhibitor=by_exhibitor,
                body=body,
            )
            at = started + datetime.timedelta(hours=step * 3)
            Message.objects.filter(pk=message.pk).update(created_at=at)
            conversation.last_message_at = at
            last_by[by_exhibitor] = message.pk
        conversation.save(update_fields=["last_message_at"])
        # The buyer has read everything; the exhibitor has not read the last question.
        ReadMark.objects.create(
            conversation=conversation, user=buyer, last_read_id=max(last_by.values())
        )
        if owner is not None and True in last_by and offset == 0:
            ReadMark.objects.create(
                conversation=conversation, user=owner, last_read_id=last_by[True]
            )
        count += 1
    return count


def seed_meetings(buyer, booths, now):
    """An accepted meeting tomorrow at 10:00 Shanghai, and one waiting for the exhibitor."""
    from engagement.meeting_times import zone

    mine = [booth for booth in booths if booth.exhibitor.external_id == "DEMO-E-0001"]
    if not mine:
        return 0
    exhibitor = mine[0].exhibitor
    owner = exhibitor.owners.first()
    conversation = (
        Conversation.objects.filter(buyer=buyer, exhibitor=exhibitor).order_by("pk").first()
    )
    shanghai = zone("Asia/Shanghai")
    tomorrow = (now.astimezone(shanghai) + datetime.timedelta(days=1)).date()
    count = 0
    for day_offset, hour, accept in ((0, 10, True), (1, 15, False)):
        starts = datetime.datetime.combine(
            tomorrow + datetime.timedelta(days=day_offset), datetime.time(hour), tzinfo=shanghai
        )
        try:
            outcome = meetings.request_meeting(
                buyer,
                exhibitor,
                starts,
                starts + datetime.timedelta(minutes=30),
                "Price and samples" if accept else "Distribution in Germany",
                agenda="Prices for 800 pieces, samples, certificates.",
                conversation=conversation,
                time_zone="Europe/Berlin",
            )
        except meetings.MeetingError:
            continue  # outside the edition's dates on a demo seeded late in the show
        if accept and owner is not None:
            meetings.accept(outcome.meeting, owner)
        count += 1
    return count


def seed_viewings(rnd, buyers, now):
    from engagement.models import LiveSession

    rows = []
    for session in LiveSession.objects.filter(listed=True):
        if session.ends_at < now and (session.replay_id or session.replay_url):
            for buyer in rnd.sample(buyers, min(6, len(buyers))):
                rows.append(
                    Viewing(
                        session=session,
                        mode=Viewing.REPLAY,
                        viewer_key=uuid.uuid4().hex,
                        user=buyer,
                        last_seen_at=now - datetime.timedelta(hours=rnd.randrange(1, 48)),
                        seconds=rnd.randrange(60, 1800),
                    )
                )
            for _ in range(rnd.randrange(5, 25)):
                rows.append(
                    Viewing(
                        session=session,
                        mode=Viewing.REPLAY,
                        viewer_key=uuid.uuid4().hex,
                        last_seen_at=now - datetime.timedelta(hours=rnd.randrange(1, 48)),
                        seconds=rnd.randrange(10, 900),
                    )
                )
        elif session.starts_at <= now < session.ends_at:
            for _ in range(rnd.randrange(3, 30)):
                rows.append(
                    Viewing(
                        session=session,
                        mode=Viewing.LIVE,
                        viewer_key=uuid.uuid4().hex,
                        last_seen_at=now,
                        seconds=rnd.randrange(15, 600),
                    )
                )
    Viewing.objects.bulk_create(rows)
    return len(rows)


def seed_events(rnd, buyers, booths, exhibits, now, visitors=1500):
    """A week of page views, dwell times, clicks, plays and searches (SPEC 4.3)."""
    popular = booths[:40]
    rows = []
    for number in range(visitors):
        visitor = f"demo-visitor-{number:05d}"
        user = buyers[number % len(buyers)] if number % 9 == 0 else None
        device = rnd.choice(["mobile", "mobile", "desktop", "tablet"])
        locale = rnd.choice(["zh-hans", "zh-hans", "en", "en", "ru", "ar"])
        at = _at(rnd, now, days=7)
        for _ in range(rnd.randrange(1, 6)):
            booth = rnd.choice(popular if rnd.random() < 0.7 else booths)
            at += datetime.timedelta(seconds=rnd.randrange(20, 400))
            if at > now:
                break
            common = {
                "visitor": visitor,
                "user": user,
                "device": device,
                "locale": locale,
                "occurred_at": at,
                "booth_id": booth.pk,
            }
            rows.append(
                Event(event_id=uuid.uuid4(), kind=Event.PAGE_VIEW, page_id=booth.pk, **common)
            )
            rows.append(
                Event(
                    event_id=uuid.uuid4(),
                    kind=Event.DWELL,
                    page_id=booth.pk,
                    data={"dwell_ms": rnd.randrange(5_000, 240_000)},
                    **common,
                )
            )
            children = [e for e in exhibits if e.path.startswith(booth.path)]
            if children and rnd.random() < 0.6:
                exhibit = rnd.choice(children)
                rows.append(
                    Event(
                        event_id=uuid.uuid4(),
                        kind=Event.EXHIBIT_CLICK,
                        page_id=booth.pk,
                        exhibit_id=exhibit.pk,
                        data={"target": exhibit.pk},
                        **{**common, "booth_id": booth.pk},
                    )
                )
                rows.append(
                    Event(
                        event_id=uuid.uuid4(),
                        kind=Event.PAGE_VIEW,
                        page_id=exhibit.pk,
                        exhibit_id=exhibit.pk,
                        **common,
                    )
                )
                if rnd.random() < 0.3:
                    rows.append(
                        Event(
                            event_id=uuid.uuid4(),
                            kind=Event.MODEL_INTERACTION,
                            page_id=exhibit.pk,
                            exhibit_id=exhibit.pk,
                            data={"action": rnd.choice(["rotate", "zoom", "ar"])},
                            **common,
                        )
                    )
            if rnd.random() < 0.15:
                rows.append(
                    Event(
                        event_id=uuid.uuid4(),
                        kind=Event.MEDIA_PLAY,
                        page_id=booth.pk,
                        data={"media": "video"},
                        **common,
                    )
                )
        if rnd.random() < 0.3:
            rows.append(
                Event(
                    event_id=uuid.uuid4(),
                    kind=Event.SEARCH,
                    occurred_at=at,
                    locale=locale,
                    visitor=visitor,
                    device=device,
                    data={
                        "query": rnd.choice(
                            ["实木餐桌", "dining chair", "床上用品", "sewing machine", "5-20 kW"]
                        ),
                        "results": rnd.randrange(0, 60),
                        "filters": [],
                    },
                )
            )
    Event.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
