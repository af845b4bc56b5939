"""schema.org JSON-LD for the pages search engines read: the site, editions (Event),
exhibitors (Organization), exhibits (Product) and breadcrumbs.

Only published, public facts go in: never contacts, owners or import ids.
"""

from booths.templatetags.theme_tags import plain_text
from site_builder.public_urls import absolute_url


def website(context):
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": context["site_name"],
        "url": absolute_url(context["home_url"]),
        "inLanguage": context["lang"],
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute_url(context["search_url"]) + "?q={query}",
            "query-input": "required name=query",
        },
    }


def event(builder, edition):
    url = builder.site.url(edition)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": edition.title,
        "url": absolute_url(url) if url else None,
        "startDate": edition.starts_at.astimezone(edition.zone).isoformat(),
        "endDate": edition.ends_at.astimezone(edition.zone).isoformat(),
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode"
        if edition.venue
        else "https://schema.org/OnlineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "location": {"@type": "VirtualLocation", "url": absolute_url(url) if url else None},
        "description": plain_text(edition.description, 300),
    }
    if edition.organizer:
        data["organizer"] = {"@type": "Organization", "name": edition.organizer}
        if edition.organizer_url:
            data["organizer"]["url"] = edition.organizer_url
    return {key: value for key, value in data.items() if value}


def organization(builder, booth):
    exhibitor = booth.exhibitor
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": booth.title,
        "url": absolute_url(builder.site.url(booth)),
        "description": plain_text(booth.introduction, 300),
    }
    if exhibitor.country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": exhibitor.country.code}
    if exhibitor.website:
        data["sameAs"] = [exhibitor.website]
    if exhibitor.logo:
        data["logo"] = absolute_url(builder.site.image(exhibitor.logo, "max-200x200").url)
    return {key: value for key, value in data.items() if value}


def product(builder, exhibit, booth, context):
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": exhibit.title,
        "url": context["canonical"],
        "description": plain_text(exhibit.description, 300),
        "brand": {"@type": "Brand", "name": booth.title},
        "manufacturer": {"@type": "Organization", "name": booth.title},
    }
    if exhibit.model_number:
        data["model"] = exhibit.model_number
        data["mpn"] = exhibit.model_number
    if context.get("category_name"):
        data["category"] = context["category_name"]
    if context.get("og_image"):
        data["image"] = absolute_url(context["og_image"].url)
    properties = [
        {"@type": "PropertyValue", "name": spec.name, "value": spec.display_value}
        for spec in context.get("specs", [])
    ]
    if properties:
        data["additionalProperty"] = properties
    return {key: value for key, value in data.items() if value}


def breadcrumbs(context):
    items = list(context["breadcrumbs"]) + [{"title": context["title"], "url": context["path"]}]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": index,
                "name": item["title"],
                "item": absolute_url(item["url"]),
            }
            for index, item in enumerate(items, start=1)
        ],
    }
