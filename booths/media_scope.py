"""Admin forms that accept only images and documents the editor may choose (SPEC 6.1.2).

The image and document choosers list only the collections a user may choose from (for an
exhibitor: its own), but Wagtail does not check the id that comes back: an exhibitor who
posts another exhibitor's image id in a chooser field, an inline row, a StreamField block or
a rich-text embed gets it saved into its own page, and previewed at once. These forms refuse
such ids. References the edited object already held stay valid, so an exhibitor can still
save a page into which an organizer put a shared image.

`MediaScopedPageForm` is meant as the `base_form_class` of BoothPage and ExhibitPage;
`MediaScopedModelForm` serves snippets (booths.wagtail_hooks uses it for exhibitor profiles).
"""

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.blocks import BoundBlock, StreamValue
from wagtail.blocks.list_block import ListValue
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry
from wagtail.rich_text import RichText

# Rich text stores embedded images as <embed embedtype="image" id="…"/> and document links
# as <a linktype="document" id="…">; attribute order is not fixed.
_RICH_TEXT_REFERENCE = re.compile(r"<(?:embed|a)\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_RICH_TEXT_KINDS = {("embedtype", "image"): "image", ("linktype", "document"): "document"}


def _media_models():
    return {"image": get_image_model(), "document": get_document_model()}


def media_references(*values):
    """{(kind, pk)} of every image and document inside field, block or rich-text values."""
    found = set()
    for value in values:
        _collect(value, found)
    return found


def _collect(value, found):
    models = _media_models()
    for kind, model in models.items():
        if isinstance(value, model):
            found.add((kind, value.pk))
            return
    if isinstance(value, BoundBlock):
        _collect(value.value, found)
    elif isinstance(value, RichText):
        _collect(value.source, found)
    elif isinstance(value, str):
        for tag in _RICH_TEXT_REFERENCE.findall(value):
            attributes = dict(_ATTRIBUTE.findall(tag))
            for (attribute, wanted), kind in _RICH_TEXT_KINDS.items():
                if attributes.get(attribute) == wanted and attributes.get("id", "").isdigit():
                    found.add((kind, int(attributes["id"])))
    elif isinstance(value, (StreamValue, ListValue, list, tuple)):
        for item in value:
            _collect(item, found)
    elif isinstance(value, Mapping):
        for item in value.values():
            _collect(item, found)


def _references_of_instance(instance, fields, formset_names):
    values = [getattr(instance, name, None) for name in fields]
    for relation in formset_names:
        if relation == "comments" or not hasattr(instance, relation):
            continue
        for child in getattr(instance, relation).all():
            values += [getattr(child, field.name, None) for field in child._meta.concrete_fields]
    return media_references(*values)


def _choosable(user, kind, pks):
    model = _media_models()[kind]
    policy = policy_registry.get_by_type(model)
    allowed = policy.instances_user_has_any_permission_for(user, ["choose"])
    return set(allowed.filter(pk__in=pks).values_list("pk", flat=True))


class MediaScopedFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._media_before = set()
        if self.instance is not None and self.instance.pk:
            self._media_before = _references_of_instance(
                self.instance, list(self.fields), list(self.formsets)
            )

    def _submitted_media(self):
        values = list(self.cleaned_data.values())
        for name, formset in self.formsets.items():
            if name == "comments":
                continue
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None) or {}
                if not data.get("DELETE"):
                    values += list(data.values())
        return media_references(*values)

    def is_valid(self):
        valid = super().is_valid()
        if not valid or self.for_user is None:
            return valid
        new = self._submitted_media() - self._media_before
        refused = []
        for kind in ("image", "document"):
            pks = {pk for found_kind, pk in new if found_kind == kind}
            refused += [(kind, pk) for pk in sorted(pks - _choosable(self.for_user, kind, pks))]
        if refused:
            self.add_error(
                None,
                ValidationError(
                    _("You may only use images and documents from your own collections."),
                    code="media_not_choosable",
                ),
            )
            return False
        return True


class MediaScopedPageForm(MediaScopedFormMixin, WagtailAdminPageForm):
    pass


class MediaScopedModelForm(MediaScopedFormMixin, WagtailAdminModelForm):
    pass
