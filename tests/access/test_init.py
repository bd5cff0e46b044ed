"""`orgburo init`: a real organisation on an empty database, refused on a full one."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from orgburo.register.models import Organisation, Person, Tenure
from tests.conftest import World


def _init(*extra: str) -> str:
    out = io.StringIO()
    call_command(
        "init",
        "--statute",
        "rcp-1923",
        "--name",
        "Российская коммунистическая партия (большевиков)",
        "--family-name",
        "Молотов",
        "--given-name",
        "Вячеслав",
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.django_db
def test_init_founds_the_root_and_its_first_officer_who_signs_in() -> None:
    printed = _init()
    root = Organisation.objects.get()
    assert root.level == "centre" and root.depth == 1
    officer = Person.objects.get(family_name="Молотов")
    tenure = Tenure.objects.get(person=officer)
    assert tenure.post.kind == "centre_secretary" and tenure.post.organisation_id == root.pk
    link = re.search(r"http://127\.0\.0\.1:8000(/invite/[A-Z0-9]{16}/)", printed)
    assert link, printed
    client = Client()
    client.get(link.group(1))
    done = client.post(
        "/invite/",
        {
            "username": "molotov",
            "password": "a long new password 1923",
            "again": "a long new password 1923",
        },
    )
    assert done.status_code == 302
    # Signed in, the officer starts at the tree of what they govern: the whole organisation.
    assert client.get("/").url == "/tree/"


def test_init_refuses_a_database_that_has_an_organisation(world: World) -> None:
    with pytest.raises(CommandError, match="already holds an organisation"):
        _init()


@pytest.mark.django_db
def test_init_refuses_a_statute_other_than_the_installations() -> None:
    with pytest.raises(CommandError, match="ORGBURO_STATUTE=trade-union"):
        call_command(
            "init",
            "--statute",
            "trade-union",
            "--name",
            "Union",
            "--family-name",
            "A",
            "--given-name",
            "B",
        )
    with pytest.raises(CommandError, match="--statute nonsense"):
        call_command(
            "init",
            "--statute",
            "nonsense",
            "--name",
            "U",
            "--family-name",
            "A",
            "--given-name",
            "B",
        )
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_init_names_a_wrong_post() -> None:
    with pytest.raises(CommandError, match="not a post of the"):
        _init("--post", "unit_secretary")
    assert not Organisation.objects.exists()
