"""CDN invalidation after a publish: only the pages whose cached copies are stale, as the
URLs buyers use, idempotently, in batches CloudFront accepts (moto's CloudFront, over HTTP)."""

import uuid

import pytest

from site_builder.publish.cdn.base import CDNConfigurationError, get_cdn_backend, page_urls
from site_builder.publish.cdn.cloudfront import CloudFrontBackend
from site_builder.publish.exceptions import PublishError
from site_builder.publish.publish import publish
from tests.site_builder.fake_builds import booth_path, write_build
from tests.site_builder.s3_server import (  # noqa: F401 (fixtures)
    aws_env_fixture,
    bucket_fixture,
    make_client,
    moto_server_fixture,
)


@pytest.fixture
def cloudfront(aws_env):
    client = make_client(aws_env, "cloudfront")
    distribution = client.create_distribution(
        DistributionConfig={
            "CallerReference": f"expo-test-{uuid.uuid4().hex}",
            "Comment": "publish tests",
            "Enabled": True,
            "Origins": {
                "Quantity": 1,
                "Items": [
                    {
                        "Id": "site",
                        "DomainName": "expo-site.s3.amazonaws.com",
                        "S3OriginConfig": {"OriginAccessIdentity": ""},
                    }
                ],
            },
            "DefaultCacheBehavior": {
                "TargetOriginId": "site",
                "ViewerProtocolPolicy": "redirect-to-https",
                "MinTTL": 0,
                "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                "TrustedSigners": {"Enabled": False, "Quantity": 0},
            },
        }
    )["Distribution"]
    return client, distribution["Id"]


def invalidations(client, distribution_id):
    """[(caller reference, sorted paths)] of every invalidation of the distribution."""
    found = []
    summaries = client.list_invalidations(DistributionId=distribution_id)["InvalidationList"]
    for summary in summaries.get("Items", []):
        batch = client.get_invalidation(DistributionId=distribution_id, Id=summary["Id"])
        batch = batch["Invalidation"]["InvalidationBatch"]
        found.append((batch["CallerReference"], sorted(batch["Paths"].get("Items", []))))
    return sorted(found)


def use_cloudfront(settings, server, distribution_id, **options):
    settings.SITE_CDN = {
        "default": {
            "BACKEND": "site_builder.publish.cdn.cloudfront.CloudFrontBackend",
            "OPTIONS": {
                "DISTRIBUTION_ID": distribution_id,
                "ENDPOINT_URL": server.url,
                **options,
            },
        }
    }


def test_page_files_map_to_the_urls_a_cdn_caches():
    assert page_urls("index.html") == ["/", "/index.html"]
    assert page_urls("en/foo/index.html") == ["/en/foo/", "/en/foo/index.html"]
    assert page_urls("404.html") == ["/404.html"]
    assert page_urls("zh-hans/展会/index.html") == [
        "/zh-hans/%E5%B1%95%E4%BC%9A/",
        "/zh-hans/%E5%B1%95%E4%BC%9A/index.html",
    ]


def test_a_publish_invalidates_only_changed_and_removed_pages_once(
    tmp_path, bucket, cloudfront, settings
):
    client, distribution_id = cloudfront
    use_cloudfront(settings, bucket.server, distribution_id)
    write_build(tmp_path, booths=[1, 2, 3])
    first = publish(tmp_path, bucket.target_url)
    assert first.invalidated == []  # nothing of this site was cached before
    write_build(tmp_path, booths=[1, 2, 4], texts={2: "Now in hall B."})

    second = publish(tmp_path, bucket.target_url)

    expected = [
        "/en/expo-2026/",
        "/en/expo-2026/booth-002/",
        "/en/expo-2026/booth-002/index.html",
        "/en/expo-2026/booth-003/",  # removed: the CDN must stop serving it
        "/en/expo-2026/booth-003/index.html",
        "/en/expo-2026/index.html",
    ]
    assert second.invalidated == expected
    assert [paths for _reference, paths in invalidations(client, distribution_id)] == [expected]
    # Publishing the same build again invalidates nothing.
    assert publish(tmp_path, bucket.target_url).invalidated == []
    assert len(invalidations(client, distribution_id)) == 1


def test_batches_are_within_limits_and_their_references_make_resending_harmless(
    aws_env, cloudfront
):
    client, distribution_id = cloudfront
    backend = CloudFrontBackend(
        {
            "DISTRIBUTION_ID": distribution_id,
            "ENDPOINT_URL": aws_env.url,
            "BATCH_SIZE": 2,
            "MAX_PATHS": 6,
        }
    )
    urls = [f"/en/booth-{number}/" for number in range(5)]

    assert backend.invalidate(urls, "release-a") == sorted(urls)
    sent = invalidations(client, distribution_id)
    assert sorted(len(paths) for _reference, paths in sent) == [1, 2, 2]
    # The same release and paths give the same CallerReferences, which CloudFront answers
    # with the existing invalidation instead of a new one (so a rerun costs nothing).
    backend.invalidate(list(reversed(urls)), "release-a")
    again = invalidations(client, distribution_id)
    assert {reference for reference, _paths in again} == {reference for reference, _paths in sent}
    # Another release is another invalidation.
    backend.invalidate(urls, "release-b")
    assert len({reference for reference, _paths in invalidations(client, distribution_id)}) == 6
    # Beyond CloudFront's in-progress limit, one wildcard does the job.
    assert backend.invalidate([f"/p{number}/" for number in range(7)], "release-c") == ["/*"]


def test_cloudfront_without_a_distribution_is_a_configuration_error(settings):
    settings.SITE_CDN = {
        "default": {
            "BACKEND": "site_builder.publish.cdn.cloudfront.CloudFrontBackend",
            "OPTIONS": {"DISTRIBUTION_ID": ""},
        }
    }
    with pytest.raises(CDNConfigurationError, match="CLOUDFRONT_DISTRIBUTION_ID"):
        get_cdn_backend()


def test_a_failed_invalidation_stays_owed_and_the_next_run_sends_it(
    tmp_path, bucket, cloudfront, settings
):
    client, distribution_id = cloudfront
    use_cloudfront(settings, bucket.server, distribution_id)
    write_build(tmp_path, booths=[1, 2])
    publish(tmp_path, bucket.target_url)
    write_build(tmp_path, booths=[1, 2], texts={1: "Changed."})
    use_cloudfront(settings, bucket.server, "EDOESNOTEXIST")

    with pytest.raises(PublishError, match="is live"):
        publish(tmp_path, bucket.target_url)
    assert bucket.marker()["pending"]["invalidate"] == [booth_path(1)]

    use_cloudfront(settings, bucket.server, distribution_id)
    rerun = publish(tmp_path, bucket.target_url)
    assert rerun.uploaded == [] and rerun.invalidated == [
        "/en/expo-2026/booth-001/",
        "/en/expo-2026/booth-001/index.html",
    ]
    assert bucket.marker()["pending"] == {"delete": {}, "invalidate": []}
