"""Dashboard sessions across page reloads (``warehouse.sessions``), for the front ends."""

from __future__ import annotations

from warehouse.sessions import SESSION_HOURS, revoke_session, session_username, start_session

__all__ = ["SESSION_HOURS", "revoke_session", "session_username", "start_session"]
