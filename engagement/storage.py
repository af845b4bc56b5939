"""Where files only the people in a conversation may read are kept: the "private" storage
(settings.STORAGES), never under the public media URL; the API streams them after a check."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
