from hypothesis import given
from hypothesis import strategies as st

from orgburo.core.tree import ALPHABET, next_prefix

paths = st.text(alphabet=ALPHABET, min_size=5, max_size=20)


@given(prefix=paths, tail=st.text(alphabet=ALPHABET, max_size=10))
def test_every_descendant_lies_in_the_range(prefix: str, tail: str) -> None:
    assert prefix <= prefix + tail < next_prefix(prefix)


@given(prefix=paths, other=paths)
def test_nothing_else_lies_in_the_range(prefix: str, other: str) -> None:
    if not other.startswith(prefix):
        assert not (prefix <= other < next_prefix(prefix))


def test_carry() -> None:
    assert next_prefix("0001Z") == "0002"
    assert next_prefix("ZZZZZ") == "ZZZZZ~"
