"""Date fields carry ISO dates in every language: a Russian date (02.12.1923) is one the
browser's date input cannot read, so it showed the field empty, and "Correct the record" saved
unchanged then erased the birth date."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from orgburo.register.models import Person
from tests.conftest import World

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")


class _Form(HTMLParser):
    """The fields of a page's main POST form (the one with most fields, not the header's
    "Log out"), as the browser would send them unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self._forms: list[tuple[dict[str, str], dict[str, str]]] = []
        self._select: str | None = None
        self._inside = False

    @property
    def fields(self) -> dict[str, str]:
        return max(self._forms, key=lambda form: len(form[0]))[0] if self._forms else {}

    @property
    def dates(self) -> dict[str, str]:
        return max(self._forms, key=lambda form: len(form[0]))[1] if self._forms else {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._inside = True
            self._forms.append(({}, {}))
        if not self._inside:
            return
        fields, dates = self._forms[-1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("date", "datetime-local"):
                dates[a["name"]] = a.get("value", "")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            fields[a["name"]] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "form":
            self._inside = False


def _in(language: str, client: Client) -> Client:
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language", ["en", "ru"])
def test_correcting_a_record_saved_unchanged_changes_nothing(world: World, language: str) -> None:
    person = world.persons["member"]
    before = Person.objects.values().get(pk=person.pk)
    client = _in(language, world.client("unit_secretary"))
    page = _Form()
    page.feed(client.get(f"/person/{person.pk}/edit/").content.decode())
    assert page.dates == {"birth_date": before["birth_date"].isoformat()}
    saved = client.post(f"/person/{person.pk}/edit/", page.fields)
    assert saved.status_code == 302
    after = Person.objects.values().get(pk=person.pk)
    assert {k: v for k, v in after.items() if k != "version"} == {
        k: v for k, v in before.items() if k != "version"
    }


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_date_field_of_the_secretarys_forms_is_iso(world: World, language: str) -> None:
    person, unit = world.persons["member"], world.orgs["A"]
    post = world.posts["unit_secretary"]
    pages = [
        f"/person/{person.pk}/edit/",
        f"/org/{unit.pk}/persons/new/",
        f"/org/{unit.pk}/admit/",
        f"/org/{unit.pk}/posts/new/",
        f"/post/{post.pk}/fill/",
        f"/org/{unit.pk}/elections/call/",
        *(
            f"/person/{person.pk}/membership/{action}/"
            for action in ("transfer", "make-member", "change-field", "end", "readmit")
        ),
    ]
    client = _in(language, world.client("unit_secretary"))
    seen = 0
    for url in pages:
        response = client.get(url)
        if response.status_code != 200:
            continue
        form = _Form()
        form.feed(response.content.decode())
        for name, value in form.dates.items():
            seen += 1
            assert value == "" or ISO.match(value), f"{url} {name}={value!r}"
    assert seen >= 8
