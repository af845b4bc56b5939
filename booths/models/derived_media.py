"""What the asset pipeline made of an uploaded image or document (SPEC 5.3.4, 5.5).

One row per upload that is a picture, a video or a 3D model: its state, the pipeline's
manifest and the folder under MEDIA_ROOT that holds the derivatives. The folder is the
pipeline's content-addressed cache entry, so two uploads of the same bytes share it and
nothing is processed twice. Rows are written by `booths.derived_media` (after commit, in a
background task); the site builder reads them to draw `<picture>`, video and model tags.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import Document

from booths.models.images import BoothImage


class DerivedMedia(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("image")
        VIDEO = "video", _("video")
        MODEL = "model", _("3D model")

    class Status(models.TextChoices):
        PENDING = "pending", _("being processed")
        READY = "ready", _("ready")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    image = models.OneToOneField(
        BoothImage, null=True, blank=True, on_delete=models.CASCADE, related_name="derived"
    )
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.CASCADE, related_name="derived"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    source_name = models.CharField(max_length=255, blank=True)  # the file it was made from
    source_sha256 = models.CharField(max_length=64, blank=True)
    recipe = models.CharField(max_length=64, blank=True)
    # Relative to MEDIA_ROOT, e.g. "derived/ab/ab12…-3f9c…"; manifest paths are relative to it.
    folder = models.CharField(max_length=255, blank=True)
    manifest = models.JSONField(default=dict, blank=True)
    # Why the pipeline refused the file: a stable code (translated in the admin through
    # booths.upload_messages) and the pipeline's English sentence with its parameters.
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("processed media")
        verbose_name_plural = _("processed media")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(image__isnull=True) ^ models.Q(document__isnull=True),
                name="derived_media_one_source",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.image_id or self.document_id}: {self.status}"

    def source_title(self):
        source = self.source
        return source.title if source is not None else ""

    def reason(self):
        """Why it was refused or failed, in the active language ("" when ready)."""
        if not self.error_code:
            return ""
        from booths.upload_messages import refusal_text

        return refusal_text(self.error_code, self.error_params, self.error_message)

    def summary(self):
        """One line for listings: the outcome, in the active language."""
        from django.template.defaultfilters import filesizeformat

        if self.error_code:
            return self.reason()
        if not self.is_ready:
            return self.get_status_display()
        derivatives = self.manifest.get("derivatives", ())
        total = sum(d.get("bytes") or 0 for d in derivatives)
        report = self.manifest.get("report") or {}
        if self.kind == self.Kind.MODEL and report:
            source, output = report.get("source", {}), report.get("output", {})
            return _("%(before)s → %(after)s, %(triangles)s triangles") % {
                "before": filesizeformat(source.get("bytes") or 0),
                "after": filesizeformat(output.get("bytes") or 0),
                "triangles": f"{output.get('triangles') or 0:,}",
            }
        return _("%(count)s files, %(size)s") % {
            "count": len(derivatives),
            "size": filesizeformat(total),
        }

    def report_lines(self):
        """The size and complexity report and the pipeline's warnings, for the inspect
        view (SPEC 5.3.4: the exhibitor sees what buyers' phones will load)."""
        from django.template.defaultfilters import filesizeformat
        from django.utils.html import format_html_join

        report = self.manifest.get("report") or {}
        rows = []
        if report:
            source, output = report.get("source", {}), report.get("output", {})

            def both(key, show=lambda value: f"{value or 0:,}"):
                return f"{show(source.get(key))} → {show(output.get(key))}"

            rows += [
                (_("size"), both("bytes", lambda value: filesizeformat(value or 0))),
                (_("triangles"), both("triangles")),
                (_("vertices"), both("vertices")),
                (_("textures"), both("textures")),
                (
                    _("texture memory"),
                    both("texture_memory", lambda value: filesizeformat(value or 0)),
                ),
            ]
            if report.get("texture_ssim") is not None:
                rows.append((_("texture fidelity (SSIM)"), f"{report['texture_ssim']:.3f}"))
            if report.get("deviation"):
                rows.append((_("shape deviation"), f"{report['deviation']['max']:.3%}"))
        if self.manifest.get("duration"):
            rows.append((_("duration"), f"{self.manifest['duration']:.1f} s"))
        if self.manifest.get("width"):
            rows.append((_("picture"), f"{self.manifest['width']} × {self.manifest['height']}"))
        rows += [(_("warning"), warning) for warning in self.manifest.get("warnings", ())]
        return format_html_join("", "<div><b>{}</b>: {}</div>", rows)

    source_title.short_description = _("file")
    reason.short_description = _("reason")
    summary.short_description = _("result")
    report_lines.short_description = _("report")

    @classmethod
    def ready_for(cls, obj):
        """The ready row of an image or document, or None."""
        field = "image" if isinstance(obj, BoothImage) else "document"
        return cls.objects.filter(**{field: obj.pk}, status=cls.Status.READY).first()

    @property
    def source(self):
        return self.image if self.image_id else self.document

    @property
    def is_ready(self):
        return self.status == self.Status.READY and bool(self.manifest)

    @property
    def is_settled(self):
        """Processed for good: ready, or refused for a reason another try won't change."""
        return self.status in (self.Status.READY, self.Status.REFUSED)

    def derivative_name(self, relative_path):
        """A derivative's file name relative to MEDIA_ROOT (what storage and the site
        builder's media copy use)."""
        return f"{self.folder}/{relative_path}"
