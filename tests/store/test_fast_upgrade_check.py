"""Opening an up-to-date store recognises it without importing Alembic (a few hundred ms per command).

The fast reading of the migration chain must agree with Alembic's, and a database behind the newest
migration must still be migrated.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mailwarden.store.db import Store, plain_chain_head


def test_the_fast_head_is_alembics_head(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        assert plain_chain_head() == store.head_revision()
        assert store._stamped_revisions() == [store.head_revision()]


def test_an_up_to_date_store_opens_without_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    Store(url).close()  # created and migrated here
    probe = (
        "import sys; from mailwarden.store.db import Store; Store(sys.argv[1]).close(); "
        "print(sorted(m for m in sys.modules if m == 'alembic' or m.startswith('alembic.')))"
    )
    done = subprocess.run([sys.executable, "-c", probe, url], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_store_behind_the_head_is_still_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    with Store(url) as store:
        from alembic import command

        config = store._alembic_config()
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "-1")
        assert store.current_revision() != store.head_revision()
    with Store(url) as reopened:
        assert reopened.current_revision() == reopened.head_revision()
