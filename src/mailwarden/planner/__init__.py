"""Planners: from what a person asks (structured options or plain language) to typed, resolved steps."""
