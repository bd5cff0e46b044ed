"""Logins' records: invitations, sessions, API tokens and the recovery codes of a second factor."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models, transaction
from django_otp.models import Device, ThrottlingMixin

from orgburo.access import codes
from orgburo.register.models import Person


class Invitation(models.Model):
    """A one-time code that lets a person set their password (and, the first time, a user name).

    Only the code's digest is kept: the code itself is shown once, in the e-mail or on the
    printed slip. At most one invitation of a person is live; issuing again revokes the last.
    """

    class Delivery(models.TextChoices):
        EMAIL = "email", "e-mail"
        SLIP = "slip", "printed slip"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    code_digest = models.CharField(max_length=64, unique=True)
    delivery = models.CharField(max_length=8, choices=Delivery.choices)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "issued_at"], name="invitation_person_idx")]

    def __str__(self) -> str:
        return f"invitation {self.pk} of person {self.person_id}"


class Session(AbstractBaseSession):
    """Django's database session with its user beside it, so a user can list their sessions
    and end the others (settings.SESSION_ENGINE = "orgburo.access.sessions")."""

    user_id = models.BigIntegerField(null=True, db_index=True)
    signed_in_at = models.DateTimeField(null=True)

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from orgburo.access.sessions import SessionStore

        return SessionStore


class ApiToken(models.Model):
    """A personal key for scripts and other systems: `Authorization: Bearer <token>`.

    Only the token's digest is kept (the token is shown once, when made). A token acts as its
    owner with the owner's rights of the moment, never more; a read-only one may only read.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)  # the token's first characters, to recognise it
    digest = models.CharField(max_length=64, unique=True)
    can_write = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.prefix}… of user {self.user_id}"


class RecoveryCodes(ThrottlingMixin, Device):
    """A second factor for the day the phone is lost: ten codes, each good once.

    A django-otp device beside the authenticator app's (TOTPDevice), so a sign-in takes either.
    Unlike django-otp's own static tokens, only the codes' digests are kept: whoever reads the
    database cannot sign in with them. Wrong tries are slowed as the app's codes are.
    """

    digests = models.JSONField(default=list)

    def get_throttle_factor(self) -> float:
        # Seconds the next try waits after a wrong one, doubled at each further wrong one.
        return float(getattr(settings, "ORGBURO_RECOVERY_THROTTLE_FACTOR", 1))

    def verify_token(self, token: object) -> bool:
        typed = codes.normalise(str(token))
        if not typed:
            return False  # not a recovery code at all (an app's six digits): not a wrong try
        allowed, _why = self.verify_is_allowed()
        if not allowed:
            return False
        wanted = codes.digest(typed)
        with transaction.atomic():
            # Locked, so one code used twice at the same moment works only once.
            fresh = type(self).objects.select_for_update().get(pk=self.pk)
            if wanted in fresh.digests:
                fresh.digests.remove(wanted)
                self.digests = fresh.digests
                self.throttle_reset(commit=False)
                self.save(
                    update_fields=[
                        "digests",
                        "throttling_failure_count",
                        "throttling_failure_timestamp",
                    ]
                )
                return True
        self.throttle_increment()
        return False
