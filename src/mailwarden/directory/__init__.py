"""The tenant's recipients as an in-memory directory, and resolution of what people write to one of them."""

from mailwarden.directory.resolve import BulkResolution, Unresolved, resolve, resolve_all
from mailwarden.directory.snapshot import Directory

__all__ = ["BulkResolution", "Directory", "Unresolved", "resolve", "resolve_all"]
