"""Two-factor sign-in: an authenticator app (TOTP, django-otp) with recovery codes kept as
digests; required by the statute of the officers of given levels; removable by one's secretary."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from orgburo.access.models import ApiToken, RecoveryCodes
from orgburo.core.active_statute import active_statute
from orgburo.core.models import AuditEvent
from tests.conftest import PASSWORD, World

BUNDLED = Path(__file__).parents[2] / "src/orgburo/statutes/rcp-1923.toml"


def _app_code(user: User, steps_ahead: int = 0) -> str:
    """What the person's authenticator app shows, now or a few 30-second steps later."""
    device = TOTPDevice.objects.get(user=user)
    counter = int(time.time() - device.t0) // device.step + steps_ahead
    return f"{hotp(device.bin_key, counter, digits=device.digits):06d}"


def _password_step(username: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def _set_up(client: Client, user: User) -> list[str]:
    """Set up an authenticator app as the person would; the recovery codes shown."""
    assert client.post("/account/two-factor/", {"begin": "1"}).status_code == 302
    page = client.get("/account/two-factor/")
    assert b'id="setup-qr"' in page.content and b"<svg" in page.content
    secret = re.search(r'id="setup-secret">([A-Z2-7 ]+)<', page.content.decode())
    assert secret and page["Cache-Control"] == "no-store"
    shown = client.post("/account/two-factor/confirm/", {"code": _app_code(user)})
    assert shown.status_code == 200 and shown["Cache-Control"] == "no-store"
    return list(shown.context["recovery_codes"])


@pytest.fixture
def no_throttle(settings: object) -> None:
    # django-otp makes a try after a wrong code wait a moment; these tests try at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]
    settings.ORGBURO_RECOVERY_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]


def test_setting_up_an_app_asks_a_code_from_it_and_gives_recovery_codes_kept_as_digests(
    world: World, no_throttle: None
) -> None:
    member = world.users["member"]
    client = world.client("member")
    assert b"Off." in client.get("/account/two-factor/").content
    client.post("/account/two-factor/", {"begin": "1"})
    wrong = client.post("/account/two-factor/confirm/", {"code": "000000"}, follow=True)
    assert "not right" in " ".join(m.message for m in wrong.context["messages"])
    assert not TOTPDevice.objects.filter(user=member, confirmed=True).exists()
    recovery = _app_code(member)
    shown = client.post("/account/two-factor/confirm/", {"code": recovery[:3] + " " + recovery[3:]})
    codes = shown.context["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = RecoveryCodes.objects.get(user=member)
    kept = " ".join(stored.digests)
    assert all(code.replace("-", "") not in kept for code in codes)
    assert TOTPDevice.objects.get(user=member).confirmed
    actions = set(AuditEvent.objects.filter(actor_id=member.pk).values_list("action", flat=True))
    assert {"two_factor.begin", "two_factor.confirm"} <= actions
    assert b"10 recovery codes left" in client.get("/account/two-factor/").content


def test_signing_in_then_takes_the_apps_code_or_a_recovery_code_once(
    world: World, no_throttle: None
) -> None:
    member = world.users["member"]
    codes = _set_up(world.client("member"), member)
    client = _password_step("member")
    assert client.get("/account/").status_code == 302  # the password alone signs nobody in
    assert client.get("/login/code/").status_code == 200
    refused = client.post("/login/code/", {"code": "123456"})
    assert refused.status_code == 400 and refused.context["form"].errors["code"]
    signed_in = client.post("/login/code/", {"code": _app_code(member, steps_ahead=1)})
    assert signed_in.status_code == 302
    assert client.get("/account/").status_code == 200

    other = _password_step("member")
    assert other.post("/login/code/", {"code": codes[0].lower()}).status_code == 302
    third = _password_step("member")
    assert third.post("/login/code/", {"code": codes[0]}).status_code == 400  # used once
    assert third.post("/login/code/", {"code": codes[1]}).status_code == 302
    assert len(RecoveryCodes.objects.get(user=member).digests) == 8


def test_a_wrong_code_makes_the_next_try_wait(world: World, settings: object) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # type: ignore[attr-defined]  # a minute: never flaky
    member = world.users["member"]
    _set_up(world.client("member"), member)
    client = _password_step("member")
    client.post("/login/code/", {"code": "123456"})
    # At once after a wrong code even the right one is refused: guessing is slowed.
    assert client.post("/login/code/", {"code": _app_code(member, 1)}).status_code == 400


def test_a_new_password_by_invitation_does_not_skip_the_second_factor(
    world: World, no_throttle: None
) -> None:
    from orgburo.access import services

    member = world.users["member"]
    _set_up(world.client("member"), member)
    [issued] = services.invitation_issue(
        persons=[world.persons["member"]], by_email=False, actor=world.users["unit_secretary"]
    )
    client = Client()
    client.get(f"/invite/{issued.code}/")
    new = "another long password 1924"
    response = client.post("/invite/", {"password": new, "again": new})
    assert response.status_code == 302 and response["Location"] == "/login/code/"
    assert client.get("/account/").status_code == 302
    assert client.post("/login/code/", {"code": _app_code(member, 1)}).status_code == 302
    assert client.get("/account/").status_code == 200


def test_a_secretary_removes_a_lost_second_factor_within_their_scope_only(
    world: World, no_throttle: None
) -> None:
    member = world.users["member"]
    _set_up(world.client("member"), member)
    person = world.persons["member"]
    assert (
        b"Remove the second factor"
        in world.client("unit_secretary").get(f"/person/{person.pk}/").content
    )
    # Not in her scope: answered as a missing person, and nothing removed.
    outside = world.client("member").post(f"/person/{person.pk}/login/two-factor/reset/")
    assert outside.status_code == 404
    assert TOTPDevice.objects.filter(user=member).exists()
    done = world.client("unit_secretary").post(f"/person/{person.pk}/login/two-factor/reset/")
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not RecoveryCodes.objects.filter(user=member).exists()
    event = AuditEvent.objects.get(action="two_factor.reset")
    assert event.person_id == person.pk and event.actor_id == world.users["unit_secretary"].pk
    assert _password_step("member").get("/account/").status_code == 200  # the password alone


def test_one_switches_it_off_with_the_password(world: World, no_throttle: None) -> None:
    member = world.users["member"]
    client = _password_step("member")
    _set_up(client, member)
    wrong = client.post("/account/two-factor/", {"password": "guess"})
    assert wrong.status_code == 400 and wrong.context["off_form"].errors["password"]
    assert client.post("/account/two-factor/", {"password": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()


@pytest.fixture
def gubernia_requires_it(tmp_path: Path, settings: object) -> None:
    statute = tmp_path / "rcp-1923-2fa.toml"
    statute.write_text(
        BUNDLED.read_text(encoding="utf-8") + '\n[access]\ntwo_factor_levels = ["gubernia"]\n',
        encoding="utf-8",
    )
    settings.ORGBURO_STATUTE = str(statute)  # type: ignore[attr-defined]
    assert active_statute().name  # loads


def test_the_statute_requires_it_of_the_officers_of_the_levels_it_names(
    world: World, gubernia_requires_it: None, no_throttle: None
) -> None:
    secretary = world.users["gubernia_secretary"]
    client = _password_step("gubernia_secretary")
    tree = client.get("/tree/")
    assert tree.status_code == 302 and tree["Location"] == "/account/two-factor/"
    person_page = client.get(f"/person/{world.persons['member'].pk}/")
    assert person_page.status_code == 302
    api = client.get("/api/organisations")
    assert api.status_code == 403 and "second factor" in api.json()["detail"]
    assert b"The statute requires it of your post." in client.get("/account/two-factor/").content

    _set_up(client, secretary)
    assert client.get("/tree/").status_code == 200  # this session gave a code
    # Required: not to be switched off.
    refused = client.post("/account/two-factor/", {"password": PASSWORD})
    assert refused.status_code == 400 and "requires" in str(refused.context["off_form"].errors)
    # A unit's secretary (a unit is not a level it names) and a member are not asked.
    for persona in ("unit_secretary", "member"):
        assert _password_step(persona).get("/account/").status_code == 200


def test_the_statute_names_an_unknown_level_by_its_key(tmp_path: Path) -> None:
    from tests.statutes.test_statute import VALID, keyed, problems_for

    text = VALID + '\n[access]\ntwo_factor_levels = ["province"]\n'
    problems = keyed(problems_for(tmp_path, text))
    assert list(problems) == ["access.two_factor_levels"]
    assert "province" in str(problems["access.two_factor_levels"])


def test_a_session_without_the_code_can_neither_see_nor_confirm_a_new_app(
    world: World, no_throttle: None
) -> None:
    member = world.users["member"]
    before = _password_step("member")  # signed in before the app existed
    _set_up(world.client("member"), member)
    assert before.get("/account/").status_code == 302  # switching it on ended that session
    # A session that never gave a code (as a stolen password would make, were it possible):
    stolen = world.client("member")
    assert stolen.post("/account/two-factor/", {"begin": "1"}).status_code == 302
    assert TOTPDevice.objects.filter(user=member, confirmed=False).count() == 0
    # Even where the user began moving to a new phone, that session sees no secret ...
    TOTPDevice.objects.create(user=member, name="authenticator app", confirmed=False)
    page = stolen.get("/account/two-factor/")
    assert b"setup-secret" not in page.content and b"Confirm this session" in page.content
    # ... and a code of the new app confirms nothing.
    new_app = TOTPDevice.objects.get(user=member, confirmed=False)
    counter = int(time.time() - new_app.t0) // new_app.step
    code = f"{hotp(new_app.bin_key, counter, digits=new_app.digits):06d}"
    stolen.post("/account/two-factor/confirm/", {"code": code})
    assert TOTPDevice.objects.filter(user=member, confirmed=True).count() == 1
    assert not TOTPDevice.objects.get(pk=new_app.pk).confirmed
    # Nor may it make an API token, which would outlive it.
    refused = stolen.post("/account/", {"name": "script", "days": "30"})
    assert refused.status_code == 400 and not ApiToken.objects.filter(user=member).exists()


def test_a_wrong_setup_code_is_counted(world: World) -> None:
    member = world.users["member"]
    client = world.client("member")
    client.post("/account/two-factor/", {"begin": "1"})
    client.post("/account/two-factor/confirm/", {"code": "000000"})
    assert TOTPDevice.objects.get(user=member).throttling_failure_count == 1


def test_a_unit_secretary_cannot_reset_the_login_of_an_officer_above_her(
    world: World, no_throttle: None
) -> None:
    """The gubernia secretary belongs to unit A: its secretary keeps her on the roll, but her
    login (password, second factor) is the gubernia's to manage, not the unit's."""
    secretary = world.users["gubernia_secretary"]
    _set_up(world.client("gubernia_secretary"), secretary)
    person = world.persons["gubernia_secretary"]
    unit = world.client("unit_secretary")
    for action in ("login/issue/", "login/two-factor/reset/", "login/unlock/"):
        response = (unit.get if action == "login/issue/" else unit.post)(
            f"/person/{person.pk}/{action}"
        )
        assert response.status_code == 404, action
    assert TOTPDevice.objects.filter(user=secretary).exists()
    assert b"Remove the second factor" not in unit.get(f"/person/{person.pk}/").content
    # Her own gubernia's committee (here the centre) may.
    done = world.client("centre").post(f"/person/{person.pk}/login/two-factor/reset/")
    assert done.status_code == 302 and not TOTPDevice.objects.filter(user=secretary).exists()


def test_a_token_of_an_officer_now_required_to_have_a_second_factor_waits_for_it(
    world: World, gubernia_requires_it: None, no_throttle: None
) -> None:
    from orgburo.access.services import token_create

    secretary = world.users["gubernia_secretary"]
    _token, secret = token_create(user=secretary, name="script", can_write=False, days=30)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    refused = api.get("/api/me")
    assert refused.status_code == 403 and "second factor" in refused.json()["detail"]
    _set_up(_password_step("gubernia_secretary"), secretary)
    assert api.get("/api/me").status_code == 200
