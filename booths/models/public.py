"""How exhibition pages draw themselves when Wagtail serves them (admin preview, "view
live" in development): with the static site's renderer, so that the preview is the page
buyers will get (ARCHITECTURE property 2). booths/ does not render; it delegates."""


class PublicPageMixin:
    def serve(self, request, *args, **kwargs):
        from site_builder.render import render_page_response

        return render_page_response(self, request)

    def serve_preview(self, request, mode_name):
        from site_builder.render import render_page_response

        request.is_preview = True
        return render_page_response(self, request)
