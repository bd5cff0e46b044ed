"""Rights come from posts, as the statute's [rights] says: a post without rights lets its holder
see the organisation in full and write nothing; a statute that names no post for a right
leaves it with every post; bad entries name their key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from orgburo.core.scope import can_manage, scope_for_user
from orgburo.core.statute import RIGHTS, post_kinds_with
from orgburo.register.models import Person, Post
from orgburo.statutes import load_bundled, load_statute
from tests.conftest import World, add_organiser
from tests.statutes.test_statute import VALID, keyed, problems_for, write


@pytest.mark.pure
def test_every_capabilitys_right_is_declared_and_the_1922_rules_give_them_to_the_bureaux() -> None:
    statute = load_bundled("rcp-1923")
    assert set(RIGHTS) >= {"roll", "posts", "elections", "audit"}
    for right in ("roll", "posts", "elections", "audit"):
        holders = post_kinds_with(statute, right)
        assert "unit_secretary" in holders and "gubernia_bureau_member" in holders
        assert "unit_women_organiser" not in holders and "unit_agitprop" not in holders


@pytest.mark.pure
def test_a_right_the_statute_leaves_out_is_every_posts(tmp_path: Path) -> None:
    statute = load_statute(write(tmp_path, VALID))
    assert post_kinds_with(statute, "roll") == {kind.code for kind in statute.post_kinds}


@pytest.mark.pure
def test_bad_rights_name_their_keys(tmp_path: Path) -> None:
    problems = keyed(
        problems_for(tmp_path, VALID + '\n[rights]\nrol = ["x"]\nposts = ["nobody"]\naudit = 3\n')
    )
    assert set(problems) == {"rights.rol", "rights.posts[0]", "rights.audit"}
    assert "unknown right" in problems["rights.rol"]
    assert "unknown post kind 'nobody'" in problems["rights.posts[0]"]


def test_the_organiser_sees_her_unit_in_full_and_may_write_nothing(world: World) -> None:
    add_organiser(world)
    scope = scope_for_user(world.users["organiser"])
    unit = world.orgs["A"]
    assert scope.governs_path(unit.path)
    assert not any(can_manage(scope, unit, right) for right in RIGHTS)
    client = world.client("organiser")
    page = client.get(f"/org/{unit.pk}/").content.decode()
    assert "Chlenov" in page  # the roll
    assert "Admit a new member" not in page and "New post" not in page
    member = world.persons["member"]
    assert "Correct the record" not in client.get(f"/person/{member.pk}/").content.decode()
    refused = client.post(
        f"/person/{member.pk}/edit/", {"family_name": "X", "given_name": "Y", "version": 1}
    )
    assert refused.status_code == 404
    assert Person.objects.get(pk=member.pk).family_name == "Chlenov"
    post = Post.objects.get(organisation=unit, kind="unit_secretary")
    filled = client.post(
        f"/post/{post.pk}/fill/",
        {"on": dt.date(2026, 1, 2).isoformat(), "person": member.pk, "filled_by": "coopted"},
    )
    assert filled.status_code == 404


def test_the_secretary_keeps_every_right_below(world: World) -> None:
    scope = scope_for_user(world.users["gubernia_secretary"])
    assert all(can_manage(scope, world.orgs["A"], right) for right in RIGHTS)
    assert not any(can_manage(scope, world.orgs["D"], right) for right in RIGHTS)
