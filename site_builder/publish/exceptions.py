"""Errors a publish reports to the person running it (the command turns them into a
CommandError). Bad configuration raises ImproperlyConfigured subclasses instead, next to the
backend that reads it (targets/base.py, cdn/base.py)."""


class PublishError(Exception):
    """The publish stopped; what is live is still a complete release (the message says which
    step failed and whether rerunning finishes the job)."""


class SourceError(PublishError):
    """The source folder is not a publishable build."""
