"""A package's public names imported from their modules when first used (PEP 562 module `__getattr__`).

A package that re-exports names pays, at its import, for every module they come from; a command that needs
one of them would load all. With this, `package/__init__.py` lists where each name lives and imports it on
first use (its `TYPE_CHECKING` imports keep the names known to the type checker).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

__all__ = ["lazy_attribute", "name_homes"]


def name_homes(modules: Mapping[str, str]) -> dict[str, str]:
    """{module: "Name other_name ..."} turned into {name: module}."""
    return {name: module for module, names in modules.items() for name in names.split()}


def lazy_attribute(package: str, homes: Mapping[str, str], name: str) -> Any:
    """`name` of `package`, imported from the module `homes` names; AttributeError for any other name."""
    module = homes.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{package}.{module}"), name)
