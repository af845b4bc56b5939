"""Admin forms of the booths app."""

from booths.media_scope import MediaScopedModelForm, MediaScopedPageForm


def tree_ordered_choices(field):
    """Show a category field's choices hall by hall: each category right under its parent."""
    categories = list(field.queryset.select_related("parent__parent"))
    field.choices = [
        (category.pk, str(category))
        for category in sorted(
            categories,
            key=lambda c: [(node.sort_order, node.name) for node in c.ancestry()],
        )
    ]


class BoothPageForm(MediaScopedPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "categories" in self.fields:
            tree_ordered_choices(self.fields["categories"])


class BuyerProfileForm(MediaScopedModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "purchase_categories" in self.fields:
            tree_ordered_choices(self.fields["purchase_categories"])


class ExhibitorProfileForm(MediaScopedModelForm):
    """An exhibitor edits its own profile but not the feedback organizers collected on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is not None and not user.has_perm("booths.add_exhibitorprofile"):
            self.formsets.pop("feedback", None)
