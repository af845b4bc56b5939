"""The change journal: what changed in the content since a build last looked.

An incremental build of a 160,000-page site cannot afford to compare every page with the
last build (that alone takes seconds); it reads the journal instead, and re-plans only what
the recorded changes touch (site_builder.incremental). Rows are written by the signal
handlers after each transaction commits, one per changed page or exhibitor, or one
"everything" row for a change the builder does not follow page by page (a category, a
language, a view restriction, a bulk import).
"""

from django.db import models


class SiteChange(models.Model):
    PAGE = "page"
    EXHIBITOR = "exhibitor"
    EVERYTHING = "everything"
    SCOPES = [(PAGE, "page"), (EXHIBITOR, "exhibitor"), (EVERYTHING, "everything")]

    scope = models.CharField(max_length=16, choices=SCOPES)
    object_id = models.BigIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "site change"
        ordering = ["id"]

    def __str__(self):
        return f"{self.scope} {self.object_id or ''}".strip()
