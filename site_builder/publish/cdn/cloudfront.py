"""Amazon CloudFront invalidations (CDN_BACKEND=cloudfront, CLOUDFRONT_DISTRIBUTION_ID).

OPTIONS: DISTRIBUTION_ID (required); BATCH_SIZE (paths per CreateInvalidation, default 1000);
MAX_PATHS (default 3000, CloudFront's limit of file paths being invalidated at once per
distribution: above it one "/*" wildcard is sent instead, which CloudFront counts as one
path); ENDPOINT_URL (tests, or a CloudFront-compatible API).
"""

from collections.abc import Mapping, Sequence
from functools import cached_property

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .base import CDNBackend, CDNConfigurationError, CDNError

MAX_PATHS_IN_PROGRESS = 3000


class CloudFrontBackend(CDNBackend):
    def __init__(self, options: Mapping):
        super().__init__(options)
        self.distribution_id = self.options.get("DISTRIBUTION_ID") or ""
        if not self.distribution_id:
            raise CDNConfigurationError(
                "CDN_BACKEND=cloudfront needs CLOUDFRONT_DISTRIBUTION_ID (OPTIONS DISTRIBUTION_ID)."
            )
        self.max_paths = int(self.options.get("MAX_PATHS", MAX_PATHS_IN_PROGRESS))
        self.max_batch_size = max(1, min(int(self.options.get("BATCH_SIZE", 1000)), 3000))
        self.endpoint_url = self.options.get("ENDPOINT_URL") or None

    @cached_property
    def client(self):
        config = Config(region_name="us-east-1", retries={"mode": "standard", "max_attempts": 5})
        session = boto3.session.Session()
        return session.client("cloudfront", endpoint_url=self.endpoint_url, config=config)

    def paths_for(self, urls: Sequence[str]) -> list[str]:
        urls = super().paths_for(urls)
        if len(urls) > self.max_paths:
            # More than CloudFront accepts in progress: a whole-site wildcard costs one path
            # and does the same job.
            return ["/*"]
        return urls

    def invalidate_batch(self, urls: Sequence[str], reference: str) -> None:
        try:
            self.client.create_invalidation(
                DistributionId=self.distribution_id,
                InvalidationBatch={
                    "Paths": {"Quantity": len(urls), "Items": list(urls)},
                    "CallerReference": reference,
                },
            )
        except (ClientError, BotoCoreError) as error:
            raise CDNError(
                f"CloudFront invalidation of {len(urls)} paths on {self.distribution_id} "
                f"failed: {error}"
            ) from error
