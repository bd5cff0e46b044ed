"""Sealing a ballot and opening the box, without the database: the ephemeral keys, the old
anonymous sealed boxes, and damage."""

from __future__ import annotations

import pytest
from nacl.public import PrivateKey, PublicKey, SealedBox

from orgburo.core.errors import ServiceError
from orgburo.elections import sealing

pytestmark = pytest.mark.pure

CANDIDATES = [11, 12, 13]
WIDTH = sealing.ballot_width(CANDIDATES)


def sealed_box(public_hex: str, choices: list[int], receipt: str) -> bytes:
    """A ballot as votes opened before the ephemeral keys sealed it: an anonymous sealed box."""
    plain = sealing._payload(choices, receipt).ljust(WIDTH, b" ")
    return bytes(SealedBox(PublicKey(bytes.fromhex(public_hex))).encrypt(plain))


def test_ballots_share_an_ephemeral_key_for_a_while_and_all_open_to_what_was_cast() -> None:
    key = PrivateKey.generate()
    public = bytes(key.public_key).hex()
    cast = [([CANDIDATES[n % 3]], f"R{n:011d}") for n in range(2500)]
    sealed = [sealing.ballot_seal(public, choices, receipt, WIDTH) for choices, receipt in cast]
    assert len({len(b) for b in sealed}) == 1  # one length: a blank looks like any ballot
    # Nothing of the plaintext shows: no ballot holds its own receipt (12 bytes; a short
    # pattern such as '"c"' turns up in 500 kB of random bytes by chance, about one run in 30).
    assert not any(receipt.encode() in b for (_c, receipt), b in zip(cast, sealed, strict=True))
    ephemeral = {b[:32] for b in sealed}
    assert 3 <= len(ephemeral) <= 4  # a new key every 1,000 ballots (one may be left from before)
    opened = sealing.ballots_open(key, sealed, WIDTH)
    assert sorted(opened) == sorted((tuple(c), r) for c, r in cast)


def test_another_elections_key_starts_its_own_ephemeral_key() -> None:
    one, two = (bytes(PrivateKey.generate().public_key).hex() for _ in range(2))
    a = sealing.ballot_seal(one, [11], "RECEIPTAAAAA", WIDTH)
    b = sealing.ballot_seal(two, [11], "RECEIPTBBBBB", WIDTH)
    assert a[:32] != b[:32]


def test_a_box_sealed_before_the_ephemeral_keys_still_opens_mixed_with_new_ballots() -> None:
    key = PrivateKey.generate()
    public = bytes(key.public_key).hex()
    old = sealed_box(public, [12, 11], "OLDRECEIPT01")
    new = sealing.ballot_seal(public, [13], "NEWRECEIPT01", WIDTH)
    assert len(old) != len(new)
    assert sorted(sealing.ballots_open(key, [old, new], WIDTH)) == [
        ((12, 11), "OLDRECEIPT01"),
        ((13,), "NEWRECEIPT01"),
    ]


def test_a_damaged_ballot_or_the_wrong_key_opens_nothing() -> None:
    key = PrivateKey.generate()
    public = bytes(key.public_key).hex()
    good = sealing.ballot_seal(public, [11], "RECEIPTCCCCC", WIDTH)
    damaged = good[:-1] + bytes([good[-1] ^ 1])
    with pytest.raises(ServiceError, match="damaged"):
        sealing.ballots_open(key, [good, damaged], WIDTH)
    with pytest.raises(ServiceError, match="damaged"):
        sealing.ballots_open(PrivateKey.generate(), [good], WIDTH)
