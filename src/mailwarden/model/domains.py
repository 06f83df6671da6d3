"""A tenant's accepted domains: which address suffixes belong to the organisation."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, field_validator

__all__ = ["Domain"]


class Domain(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    verified: bool
    default: bool = False

    @field_validator("name")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()
