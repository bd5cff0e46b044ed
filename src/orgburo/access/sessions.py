"""The session engine: Django's database sessions, each row knowing its user and since when."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils import timezone

# The session's own record of whom it signed in, and when: [user id, ISO time].
SIGNED_IN = "access.signed_in"


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from orgburo.access.models import Session

        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance: Any = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        if user_id is None:
            return instance
        signed_in = data.get(SIGNED_IN)
        if not signed_in or str(signed_in[0]) != str(user_id):
            signed_in = [user_id, timezone.now().isoformat()]
            data[SIGNED_IN] = signed_in
            instance.session_data = self.encode(data)
        instance.user_id = int(user_id)
        instance.signed_in_at = signed_in[1]
        return instance
