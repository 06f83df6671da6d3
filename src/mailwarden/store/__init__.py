"""mailwarden's database: tables, migrations (run on open) and the repositories over them."""

from mailwarden.store.db import Store
from mailwarden.store.recipient_cache import RecipientCache
from mailwarden.store.tenants import TenantRecord, TenantRegistry

__all__ = ["RecipientCache", "Store", "TenantRecord", "TenantRegistry"]
