"""A standalone S3-compatible server for the publish tests: moto in server mode, started as a
subprocess on a free port and spoken to over real HTTP (CONVENTIONS: real services).

One server per test session, shared by every module that imports the fixtures; each test
gets its own bucket, so tests do not see each other's objects.
"""

import atexit
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import boto3
import pytest
import requests
from botocore.config import Config

# Credentials moto accepts; set for the tests and the publish_site subprocesses so that no
# real credentials or AWS config file are ever read.
FAKE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}

_server = None


@dataclass
class MotoServer:
    url: str
    process: subprocess.Popen

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_moto_server() -> MotoServer:
    """The session's server, started on first use."""
    global _server
    if _server is not None and _server.process.poll() is None:
        return _server
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **FAKE_AWS_ENV},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(f"{url}/moto-api/", timeout=1)
            break
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("moto server did not start") from None
            time.sleep(0.1)
    _server = MotoServer(url, process)
    atexit.register(_server.stop)
    return _server


def s3_settings_env(server: MotoServer) -> dict[str, str]:
    """Environment of a publish_site subprocess that talks to `server`."""
    return {
        **FAKE_AWS_ENV,
        "S3_ENDPOINT_URL": server.url,
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
    }


@dataclass
class Bucket:
    """A fresh bucket on the moto server, and ways to look into it."""

    server: MotoServer
    name: str
    client: object
    prefix: str = "site"

    @property
    def target_url(self) -> str:
        return f"s3://{self.name}/{self.prefix}"

    def http_url(self, path: str) -> str:
        return f"{self.server.url}/{self.name}/{self.prefix}/{path}"

    def get(self, path: str) -> requests.Response:
        """A plain HTTP GET, as a browser or CDN would do it."""
        return requests.get(self.http_url(path), timeout=10)

    def paths(self) -> set[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        found = set()
        for page in paginator.paginate(Bucket=self.name, Prefix=f"{self.prefix}/"):
            found.update(item["Key"][len(self.prefix) + 1 :] for item in page.get("Contents", ()))
        return found

    def marker(self) -> dict:
        return self.get("_release.json").json()

    def sha256(self, path: str) -> str:
        head = self.client.head_object(Bucket=self.name, Key=f"{self.prefix}/{path}")
        return head["Metadata"].get("sha256", "")


def make_client(server: MotoServer, service: str):
    return boto3.session.Session().client(
        service,
        endpoint_url=server.url,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}),
    )


# Fixtures are named with `name=` so that test modules import them as `*_fixture` and take
# them as plain arguments (an imported fixture used as an argument would shadow the import).
@pytest.fixture(scope="session", name="moto_server")
def moto_server_fixture():
    return start_moto_server()


@pytest.fixture(name="aws_env")
def aws_env_fixture(moto_server, monkeypatch, settings):
    """Fake credentials in the environment and the S3 settings pointing at the server."""
    for name, value in FAKE_AWS_ENV.items():
        monkeypatch.setenv(name, value)
    settings.S3_ENDPOINT_URL = moto_server.url
    settings.S3_REGION = "us-east-1"
    settings.S3_ADDRESSING_STYLE = "path"
    settings.SITE_CDN = {
        "default": {"BACKEND": "site_builder.publish.cdn.none.NoCDNBackend", "OPTIONS": {}}
    }
    return moto_server


@pytest.fixture(name="bucket")
def bucket_fixture(aws_env):
    client = make_client(aws_env, "s3")
    name = f"expo-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    # Public read, as a bucket behind a CDN (or a website bucket) is configured.
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{name}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    return Bucket(aws_env, name, client)
