"""The emulator's Exchange Online admin API face: InvokeCommand and $batch, mounted at /adminapi."""

from mailwarden.emulator.exchange.invoke import router

__all__ = ["router"]
