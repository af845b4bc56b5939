"""CDN invalidation backends, configured by settings.SITE_CDN (CDN_BACKEND=none|cloudfront)."""
