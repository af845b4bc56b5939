"""S3-compatible bucket target: AWS S3, Alibaba OSS, Tencent COS, MinIO (SPEC 6.2.1).

Objects live under the prefix with the same relative paths as the build folder. S3 has no
multi-object switch, so files are replaced in place in the order of the plan (assets before
the pages that use them, new pages before pages that link to them), and `_release.json` is
written after all of them: it is what says which release is live.

Each object carries the sha256 of its source file as `x-amz-meta-sha256`. A file is uploaded
when the live marker does not vouch for its hash and a HEAD does not find that hash either;
before its first upload a publish records, in the marker, the paths it may overwrite
(`next.touched`), so an interrupted run never leaves the marker vouching for bytes that are
no longer in the bucket.
"""

import base64
import hashlib
import io
import logging
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cached_property
from urllib.parse import urlsplit

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from ..exceptions import PublishError
from ..headers import (
    HEADERS_VERSION,
    NO_STORE,
    gzip_deterministic,
    headers_for,
    is_compressible,
)
from ..plan import PublishPlan, SourceFile
from ..release import MARKER_NAME, Marker
from .base import PublishTarget, TargetConfigurationError

logger = logging.getLogger(__name__)

# S3 rules, which OSS and COS follow too (lowercase, digits, dots, hyphens, 3-63 chars).
BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
ADDRESSING_STYLES = ("auto", "virtual", "path")
DELETE_BATCH = 1000  # DeleteObjects limit
# Larger files go up in parts (media: videos, 3D models); smaller ones in one PUT.
MULTIPART_THRESHOLD = 64 * 1024 * 1024
METADATA_KEY = "sha256"  # sent as x-amz-meta-sha256
HEADERS_VERSION_KEY = "publish-headers"  # x-amz-meta-publish-headers
MISSING = {"404", "NoSuchKey", "NotFound"}


class S3Target(PublishTarget):
    concurrency = 8

    def __init__(
        self,
        url: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        addressing_style: str | None = None,
    ):
        super().__init__(url)
        parts = urlsplit(url)
        self.bucket = parts.netloc
        if not BUCKET_NAME.match(self.bucket) or parts.query or parts.fragment:
            raise TargetConfigurationError(
                f"Bad bucket target {url!r}: use s3://bucket-name/optional/prefix "
                "(bucket names are 3-63 lowercase letters, digits, dots and hyphens)."
            )
        prefix = parts.path.strip("/")
        self.prefix = f"{prefix}/" if prefix else ""
        self.endpoint_url = endpoint_url if endpoint_url is not None else settings.S3_ENDPOINT_URL
        self.region = region if region is not None else settings.S3_REGION
        self.addressing_style = addressing_style or settings.S3_ADDRESSING_STYLE or "auto"
        if self.addressing_style not in ADDRESSING_STYLES:
            raise TargetConfigurationError(
                f"S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}, "
                f"not {self.addressing_style!r}."
            )

    @cached_property
    def client(self):
        """Built on first use (no I/O in the constructor); boto3 clients are thread-safe."""
        config = Config(
            region_name=self.region or None,
            # Optional S3_SIGNATURE_VERSION ("s3" = V2) for a service that rejects V4.
            signature_version=getattr(settings, "S3_SIGNATURE_VERSION", "") or None,
            retries={"mode": "standard", "max_attempts": 5},
            s3={"addressing_style": self.addressing_style},
            # botocore >= 1.36 adds CRC checksums to every upload by default; several
            # S3-compatible services reject them. Send them only where the API requires it.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            max_pool_connections=self.concurrency * 2,
            connect_timeout=10,
            read_timeout=120,
        )
        session = boto3.session.Session()
        client = session.client("s3", endpoint_url=self.endpoint_url or None, config=config)
        client.meta.events.register("before-sign.s3.DeleteObjects", _add_content_md5)
        return client

    @cached_property
    def transfer_config(self) -> TransferConfig:
        # No threads of its own: the publisher already uploads several files at once.
        return TransferConfig(multipart_threshold=MULTIPART_THRESHOLD, use_threads=False)

    def key(self, path: str) -> str:
        return self.prefix + path

    def _fail(self, action: str, error: Exception) -> PublishError:
        return PublishError(f"{action} on s3://{self.bucket}/{self.prefix} failed: {error}")

    def read_marker(self) -> Marker | None:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.key(MARKER_NAME))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING:
                return None
            raise self._fail(f"Reading {MARKER_NAME}", error) from error
        except BotoCoreError as error:
            raise self._fail(f"Reading {MARKER_NAME}", error) from error
        return Marker.from_bytes(response["Body"].read())

    def _list_paths(self) -> set[str]:
        paths = set()
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for item in page.get("Contents", ()):
                paths.add(item["Key"][len(self.prefix) :])
        paths.discard(MARKER_NAME)
        return paths

    def _remote_sha256(self, path: str) -> str:
        """The sha256 an object was uploaded from, "" if unknown or uploaded with headers of
        another HEADERS_VERSION (then it is uploaded again)."""
        try:
            response = self.client.head_object(Bucket=self.bucket, Key=self.key(path))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in MISSING:
                return ""
            raise
        metadata = response.get("Metadata", {})
        if metadata.get(HEADERS_VERSION_KEY) != str(HEADERS_VERSION):
            return ""
        return metadata.get(METADATA_KEY, "")

    def present_hashes(
        self, files: Mapping[str, SourceFile], marker: Marker | None, release_id: str
    ) -> dict[str, str]:
        """One listing of the prefix, then: for a path that no interrupted publish touched,
        the live marker says what the object holds; any other existing path gets a HEAD.
        So a normal publish costs one listing, and HEADs only follow an interruption."""
        try:
            existing = self._list_paths()
        except (ClientError, BotoCoreError) as error:
            raise self._fail("Listing", error) from error
        served = marker.served if marker is not None and marker.is_live else {}
        if marker is not None and marker.headers_version != HEADERS_VERSION:
            served = {}  # uploaded under other header rules: every object is checked
        touched = set(marker.touched) if marker is not None else set()
        present, to_check = {}, []
        for path, file in files.items():
            if path not in existing:
                continue
            if path in touched or path not in served:
                to_check.append(path)  # bytes of unknown origin: ask the object
            elif served[path] == file.sha256:
                present[path] = file.sha256
            # else: the live release has other bytes there, so it is uploaded (no HEAD)
        with ThreadPoolExecutor(self.concurrency) as pool:
            try:
                remote = dict(zip(to_check, pool.map(self._remote_sha256, to_check), strict=True))
            except (ClientError, BotoCoreError) as error:
                raise self._fail("Reading object metadata", error) from error
        for path, sha256 in remote.items():
            if sha256 == files[path].sha256:
                present[path] = sha256
        return present

    def begin(self, plan: PublishPlan) -> None:
        if not plan.uploads:
            return
        # Before anything is overwritten: the old release stays live in this marker, which
        # now also lists what this publish may change.
        before = plan.marker_before or Marker()
        self._put_marker(replace(before, next_release_id=plan.release_id, touched=plan.touched))

    def _body(self, file: SourceFile) -> tuple[bytes | None, dict[str, str]]:
        """The bytes to send (None: stream the file as it is) and the header arguments."""
        headers = headers_for(file.path, file.encoding_of)
        if file.encoding_of or not is_compressible(file.path):
            return None, headers.as_s3_args()
        if file.gzip_sibling is not None:
            body = file.gzip_sibling.read_bytes()
        else:
            raw = file.abs_path.read_bytes()
            body = gzip_deterministic(raw)
            if len(body) >= len(raw):
                return raw, headers.as_s3_args()
        return body, replace(headers, content_encoding="gzip").as_s3_args()

    def put_file(self, file: SourceFile) -> int:
        body, extra_args = self._body(file)
        extra_args["Metadata"] = {
            METADATA_KEY: file.sha256,
            HEADERS_VERSION_KEY: str(HEADERS_VERSION),
        }
        try:
            if body is None:
                with file.abs_path.open("rb") as handle:
                    self._upload(handle, file.path, extra_args)
                return file.size
            self._upload(io.BytesIO(body), file.path, extra_args)
            return len(body)
        except (ClientError, BotoCoreError) as error:
            raise self._fail(f"Uploading {file.path}", error) from error

    def _upload(self, handle, path: str, extra_args: dict) -> None:
        self.client.upload_fileobj(
            handle, self.bucket, self.key(path), ExtraArgs=extra_args, Config=self.transfer_config
        )

    def _put_marker(self, marker: Marker) -> None:
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self.key(MARKER_NAME),
                Body=marker.to_bytes(),
                ContentType="application/json",
                CacheControl=NO_STORE,
            )
        except (ClientError, BotoCoreError) as error:
            raise self._fail(f"Writing {MARKER_NAME}", error) from error

    def mark_live(self, marker: Marker) -> None:
        self._put_marker(marker)

    def delete_file(self, path: str) -> None:
        self.delete_files([path])

    def delete_files(self, paths: Sequence[str]) -> None:
        paths = list(paths)
        for start in range(0, len(paths), DELETE_BATCH):
            batch = paths[start : start + DELETE_BATCH]
            try:
                response = self.client.delete_objects(
                    Bucket=self.bucket,
                    Delete={"Objects": [{"Key": self.key(path)} for path in batch], "Quiet": True},
                )
            except (ClientError, BotoCoreError) as error:
                raise self._fail("Deleting removed files", error) from error
            errors = response.get("Errors") or []
            if errors:
                first = errors[0]
                raise PublishError(
                    f"{len(errors)} objects of s3://{self.bucket} could not be deleted "
                    f"({first.get('Key')}: {first.get('Code')} {first.get('Message')})"
                )


def _add_content_md5(request, **kwargs) -> None:
    """DeleteObjects with Content-MD5, which botocore >= 1.36 no longer sends (it sends a
    CRC32) but MinIO and other S3-compatible services still require."""
    body = request.body or b""
    if isinstance(body, str):
        body = body.encode()
    if "Content-MD5" not in request.headers:
        digest = hashlib.md5(body, usedforsecurity=False).digest()
        request.headers["Content-MD5"] = base64.b64encode(digest).decode()
