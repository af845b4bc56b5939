"""The admin API's image and document endpoints, limited to what the user may choose.

Wagtail's admin API (admin/api/main/images/, .../documents/) lists every image and document
outside privacy-restricted collections to any admin user, whereas the choosers show only the
collections the user may choose from. Exhibitors keep media in their own collection
(booths.exhibitors) and must not read another exhibitor's titles or files through the API
(SPEC 6.1.2); booths.wagtail_hooks swaps these endpoints in through `construct_admin_api`.
"""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

MEDIA_ACTIONS = ("choose", "change")


class _ChoosableMixin:
    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        allowed = policy.instances_user_has_any_permission_for(self.request.user, MEDIA_ACTIONS)
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class ChoosableImagesAPIViewSet(_ChoosableMixin, ImagesAdminAPIViewSet):
    pass


class ChoosableDocumentsAPIViewSet(_ChoosableMixin, DocumentsAdminAPIViewSet):
    pass
