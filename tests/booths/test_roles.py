"""The four roles and their per-exhibitor / per-locale groups (SPEC 4.5, 6.1.2).

Organizer, Exhibitor, Translator and Moderator are Wagtail groups (booths.roles); each
exhibitor also gets a group of its own holding rights on its booth and media collection only,
and each language a "Translator · xx" group holding rights on that language's tree only.
Exhibitors never hold user-management rights; translators translate only into their
languages, through wagtail-localize, for pages and translatable snippets alike.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Locale, Page
from wagtail_localize.models import StringSegment, Translation
from wagtail_localize.operations import translate_object

from booths import roles
from booths.models import BoothPage, Category, ExhibitorProfile
from tests.booths.admin_responses import (
    assert_refused,
    body_of,
    client_for,
    use_minimal_page_templates,
)
from tests.booths.isolation_builders import fresh, translate_page, two_exhibitors_rolled_back
from tests.builders import make_booth, make_category, make_exhibitor, make_user

USER_MANAGEMENT_APPS = {"auth"}
MEDIA_CODENAMES = {
    f"{action}_{kind}" for action in ("add", "change", "choose") for kind in ("image", "document")
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with two_exhibitors_rolled_back(django_db_blocker) as built:
        yield built


@pytest.fixture(autouse=True)
def page_templates(settings, tmp_path):
    use_minimal_page_templates(settings, tmp_path)


def codenames(group):
    return {
        f"{perm.content_type.app_label}.{perm.codename}"
        for perm in group.permissions.select_related("content_type")
    }


def role(name):
    return Group.objects.get(name=name)


# --- role groups -----------------------------------------------------------------------


def test_exhibitor_role_grants_admin_access_and_profile_editing_only(world, db):
    assert codenames(role(roles.EXHIBITOR)) == {
        "wagtailadmin.access_admin",
        "booths.change_exhibitorprofile",
        # read-only, narrowed to the own collection (booths.derived_media_admin)
        "booths.view_derivedmedia",
    }
    assert not GroupPagePermission.objects.filter(group=role(roles.EXHIBITOR)).exists()
    assert not GroupCollectionPermission.objects.filter(group=role(roles.EXHIBITOR)).exists()


@pytest.mark.parametrize("name", [roles.EXHIBITOR, roles.TRANSLATOR, roles.MODERATOR])
def test_only_organizers_hold_user_management(world, db, name):
    assert not {perm for perm in codenames(role(name)) if perm.split(".")[0] == "auth"}


def test_organizers_manage_accounts_but_not_groups_or_permissions(world, db):
    auth_perms = {perm for perm in codenames(role(roles.ORGANIZER)) if perm.startswith("auth.")}
    assert auth_perms == {"auth.add_user", "auth.change_user", "auth.view_user"}


def test_ensure_roles_strips_user_management_added_to_the_exhibitor_role(world, db):
    role(roles.EXHIBITOR).permissions.add(
        Permission.objects.get(content_type__app_label="auth", codename="change_user")
    )
    roles.ensure_roles()
    assert "auth.change_user" not in codenames(role(roles.EXHIBITOR))


# --- per-exhibitor groups ----------------------------------------------------------------


def test_provisioning_grants_the_own_booth_and_collection_and_nothing_else(world, db):
    profile = ExhibitorProfile.objects.get(pk=world.a.profile.pk)
    group = profile.group
    assert group.permissions.count() == 0  # no model-level rights at all, auth.* included
    page_grants = GroupPagePermission.objects.filter(group=group)
    assert {grant.page_id for grant in page_grants} == {world.a.booth.pk}
    assert {grant.permission.codename for grant in page_grants} == {"add_page", "change_page"}
    media_grants = GroupCollectionPermission.objects.filter(group=group)
    assert {grant.collection_id for grant in media_grants} == {profile.collection_id}
    assert {grant.permission.codename for grant in media_grants} == MEDIA_CODENAMES


def test_exhibitor_owner_holds_no_user_management_right(world, db):
    owner = fresh(world.a.owner)
    assert not {perm for perm in owner.get_all_permissions() if perm.startswith("auth.")}
    for perm in ("auth.add_user", "auth.change_user", "auth.delete_user", "auth.change_group"):
        assert not owner.has_perm(perm)


def test_owner_added_or_removed_from_the_user_side_follows_the_exhibitor_group(world, db):
    user = make_user("late-owner")
    profile = ExhibitorProfile.objects.get(pk=world.a.profile.pk)

    user.exhibitor_profiles.add(profile)
    assert user.groups.filter(pk=profile.group_id).exists()
    assert user.groups.filter(name=roles.EXHIBITOR).exists()

    booth = BoothPage.objects.get(pk=world.a.booth.pk)
    assert booth.permissions_for_user(fresh(user)).can_edit()

    user.exhibitor_profiles.clear()
    assert not user.groups.filter(pk=profile.group_id).exists()
    assert not booth.permissions_for_user(fresh(user)).can_edit()


def test_reassigning_a_booth_moves_edit_rights_to_the_new_exhibitor(world, db):
    newcomer_owner = make_user("newcomer")
    newcomer = make_exhibitor("Newcomer Ltd", owners=[newcomer_owner])
    booth = BoothPage.objects.get(pk=world.a.booth.pk)

    booth.exhibitor = newcomer
    booth.save_revision().publish()

    booth = BoothPage.objects.get(pk=booth.pk)
    assert booth.permissions_for_user(fresh(newcomer_owner)).can_edit()
    assert not booth.permissions_for_user(fresh(world.a.owner)).can_edit()


def test_a_draft_naming_another_exhibitor_moves_no_rights_until_published(world, db):
    newcomer = make_exhibitor("Draft Newcomer Ltd", owners=[make_user("draft-newcomer")])
    booth = BoothPage.objects.get(pk=world.a.booth.pk)
    booth.exhibitor = newcomer
    booth.save_revision()
    assert BoothPage.objects.get(pk=booth.pk).permissions_for_user(fresh(world.a.owner)).can_edit()


def test_deleting_an_exhibitor_profile_deletes_its_group(site):
    profile = make_exhibitor("Short-lived Ltd", owners=[make_user("short-lived")])
    group_id = profile.group_id
    profile.delete()
    assert not Group.objects.filter(pk=group_id).exists()


def test_a_reused_group_name_starts_without_the_old_grants(edition):
    stale = Group.objects.create(name=f"{roles.EXHIBITOR_GROUP_PREFIX}999")
    stale.user_set.add(make_user("former-owner"))
    old_booth = make_booth(edition, make_exhibitor("Old Ltd"))
    GroupPagePermission.objects.create(
        group=stale, page=old_booth, permission=Permission.objects.get(codename="change_page")
    )

    profile = make_exhibitor("Reuse Ltd", pk=999)

    assert profile.group_id == stale.pk
    assert not GroupPagePermission.objects.filter(group=stale, page=old_booth).exists()
    assert not stale.user_set.filter(username="former-owner").exists()


# --- per-locale translator groups --------------------------------------------------------


def test_translator_group_edits_only_its_locales_tree(world, db):
    en = Locale.objects.get(language_code="en")
    group = roles.translator_group_for(en)
    grants = GroupPagePermission.objects.filter(group=group)
    assert {grant.page.locale_id for grant in grants} == {en.pk}
    assert {grant.page.depth for grant in grants} == {2}
    assert {grant.permission.codename for grant in grants} == {"change_page", "lock_page"}
    assert group.permissions.count() == 0


@pytest.fixture
def translator_en(world, db):
    en = Locale.objects.get(language_code="en")
    return make_user("translator-en", role(roles.TRANSLATOR), roles.translator_group_for(en))


def test_translator_opens_the_en_translation_of_a_booth(world, translator_en):
    en_booth = world.b.extras["en_booth"]
    response = client_for(translator_en).get(reverse("wagtailadmin_pages:edit", args=[en_booth.pk]))
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]


def test_translator_edits_strings_of_the_en_translation(world, translator_en):
    translation = world.b.extras["translation"]
    segment = StringSegment.objects.filter(source=translation.source).first()
    response = client_for(translator_en).put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        urlencode({"value": "Booth B (English)"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)


def test_translator_is_refused_the_ru_translation_and_the_source_page(world, translator_en):
    ru_translation = translate_page(world.a.booth, "ru", user=world.organizer)
    ru_booth = ru_translation.get_target_instance()
    client = client_for(translator_en)

    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=[ru_booth.pk])))
    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=[world.a.booth.pk])))
    segment = StringSegment.objects.filter(source=ru_translation.source).first()
    assert_refused(
        client.put(
            reverse(
                "wagtail_localize:edit_string_translation", args=[ru_translation.pk, segment.pk]
            ),
            urlencode({"value": "захвачено"}),
            content_type="application/x-www-form-urlencoded",
        )
    )
    assert_refused(
        client.post(reverse("wagtail_localize:machine_translate", args=[ru_translation.pk]))
    )
    assert_refused(
        client.post(reverse("wagtail_localize:stop_translation", args=[ru_translation.pk]))
    )
    assert Translation.objects.get(pk=ru_translation.pk).enabled


def test_translator_submits_pages_only_into_its_own_languages(world, translator_en):
    client = client_for(translator_en)
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[world.a.booth.pk])
    ru, en = (Locale.objects.get(language_code=code) for code in ("ru", "en"))

    form = client.get(submit_url).context["form"]
    assert list(form.fields["locales"].queryset) == [en]

    client.post(submit_url, {"locales": [ru.pk]})
    assert not Page.objects.filter(translation_key=world.a.booth.translation_key, locale=ru)

    client.post(submit_url, {"locales": [en.pk]})
    assert Page.objects.filter(translation_key=world.a.booth.translation_key, locale=en)


def test_translator_cannot_sync_a_source_into_languages_it_does_not_translate(world, translator_en):
    """Syncing rewrites every enabled translation of the source, ru included here."""
    translate_page(world.a.booth, "en", user=world.organizer)
    ru_translation = translate_page(world.a.booth, "ru", user=world.organizer)
    ru_revision = ru_translation.get_target_instance().latest_revision_id

    response = client_for(translator_en).post(
        reverse("wagtail_localize:update_translations", args=[ru_translation.source_id]),
        {"publish_translations": "on"},
    )

    assert_refused(response)
    assert ru_translation.get_target_instance().latest_revision_id == ru_revision


def test_translator_syncs_a_source_translated_only_into_its_language(world, translator_en):
    source = world.b.extras["translation_source"]  # B's booth: an en translation only
    response = client_for(translator_en).get(
        reverse("wagtail_localize:update_translations", args=[source.pk])
    )
    assert response.status_code == 200


def test_organizer_may_sync_a_source_into_every_language(world, db):
    translate_page(world.a.booth, "ru", user=world.organizer)
    source = Translation.objects.filter(source__object_id=world.a.booth.translation_key).first()
    response = client_for(world.organizer).get(
        reverse("wagtail_localize:update_translations", args=[source.source_id])
    )
    assert response.status_code == 200


@pytest.fixture
def category_in_three_languages(world, db):
    hall = make_category("家纺馆")
    translate_object(
        hall, [Locale.objects.get(language_code=code) for code in ("en", "ru")], user=None
    )
    return {
        code: Category.objects.get(translation_key=hall.translation_key, locale__language_code=code)
        for code in ("zh-hans", "en", "ru")
    }


def test_category_edit_is_scoped_to_the_translators_languages(
    translator_en, category_in_three_languages
):
    client = client_for(translator_en)

    def edit(code):
        category = category_in_three_languages[code]
        return client.get(reverse("wagtailsnippets_booths_category:edit", args=[category.pk]))

    assert edit("en").status_code == 200
    assert_refused(edit("ru"))
    assert_refused(edit("zh-hans"))
    listing = body_of(client.get(reverse("wagtailsnippets_booths_category:list")))
    en_edit = reverse(
        "wagtailsnippets_booths_category:edit", args=[category_in_three_languages["en"].pk]
    )
    ru_edit = reverse(
        "wagtailsnippets_booths_category:edit", args=[category_in_three_languages["ru"].pk]
    )
    assert en_edit in listing and ru_edit not in listing


def test_category_strings_are_scoped_to_the_translators_languages(
    translator_en, category_in_three_languages
):
    client = client_for(translator_en)
    hall = category_in_three_languages["zh-hans"]

    def put_string(code):
        translation = Translation.objects.get(
            source__object_id=hall.translation_key, target_locale__language_code=code
        )
        segment = StringSegment.objects.filter(source=translation.source).first()
        return client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            urlencode({"value": "Home textiles"}),
            content_type="application/x-www-form-urlencoded",
        )

    assert put_string("en").status_code in (200, 201)
    assert_refused(put_string("ru"))


def test_translations_report_is_for_translators_not_exhibitors(world, translator_en):
    report = reverse("wagtail_localize:translations_report")
    assert client_for(translator_en).get(report).status_code == 200
    assert_refused(client_for(world.a.owner).get(report))


def test_moderator_reviews_profiles_but_edits_none(world, db):
    client = client_for(world.moderator)
    edit = reverse("wagtailsnippets_booths_exhibitorprofile:edit", args=[world.b.profile.pk])
    assert_refused(client.get(edit))
    listing = client.get(reverse("wagtailsnippets_booths_exhibitorprofile:list"))
    assert listing.status_code == 200
    assert world.b.profile.company_name in body_of(listing)
