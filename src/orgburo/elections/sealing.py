"""Sealed ballots: how an online vote is kept secret even from whoever holds the database files.

When voting opens, the election gets a fresh key pair (Curve25519, libsodium through PyNaCl).
The public key is stored; the private key is split at once among the tellers (Shamir's
scheme, from pycryptodome: any `needed` of the `tellers` shares rebuild it, fewer tell nothing)
and never stored. Each vote is padded to one length for the election, so even a ballot's size
says nothing, and encrypted to the public key (XSalsa20-Poly1305 under a key agreed between the
election's key and an ephemeral key pair of the server process, changed every 1,000 ballots or
ten minutes and kept in memory only: the ciphertext names that ephemeral public key, never the
voter). At the close the tellers type their shares; the private key is
rebuilt in memory, the ballots are opened, shuffled and written in the clear for the count and
any recount, and the sealed ones are deleted. What the database (or its WAL, or a backup) ever
held next to a voter is a ciphertext that nobody can open without the tellers.

A share is 35 bytes in base32: the teller's number, the two 16-byte halves of their share of
the key, and a check on all of it and the election's number, so a mistyped share (or one of
another election) is named as such instead of silently rebuilding a wrong key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

from Crypto.Protocol.SecretSharing import Shamir
from nacl.bindings import crypto_box_SEALBYTES
from nacl.exceptions import CryptoError
from nacl.public import Box, PrivateKey, PublicKey, SealedBox

from orgburo.core.errors import ServiceError

MAX_TELLERS = 9
SHARE_BYTES = 35  # 1 (teller's number) + 16 + 16 (the halves) + 2 (the check)
# What people mistype for a base32 letter: 0 and O, 1 and I, 8 and B.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


@dataclass(frozen=True)
class BoxKey:
    """A new election's public key (stored) and the tellers' shares of its private key (not)."""

    public: str  # hex
    shares: list[str]


def box_key_new(election_id: int, tellers: int, needed: int) -> BoxKey:
    if not 1 <= tellers <= MAX_TELLERS:
        raise ServiceError(f"from 1 to {MAX_TELLERS} tellers", field="tellers")
    if not 1 <= needed <= tellers:
        raise ServiceError(
            "the tellers needed to count: at least 1, at most the tellers", field="tellers_needed"
        )
    private = PrivateKey.generate()
    secret = bytes(private)
    first = Shamir.split(needed, tellers, secret[:16])
    second = Shamir.split(needed, tellers, secret[16:])
    shares = [
        _share_text(election_id, index, a + b)
        for (index, a), (_same, b) in zip(first, second, strict=True)
    ]
    return BoxKey(public=bytes(private.public_key).hex(), shares=shares)


def _check(election_id: int, body: bytes) -> bytes:
    return hashlib.sha256(b"orgburo-teller-share:%d:" % election_id + body).digest()[:2]


def _share_text(election_id: int, index: int, halves: bytes) -> str:
    body = bytes([index]) + halves
    text = base64.b32encode(body + _check(election_id, body)).decode("ascii")
    return f"{index}-" + "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def _share_read(election_id: int, text: str) -> tuple[int, bytes] | None:
    """(teller's number, 32 bytes) from a share as typed, or None when it is not one of ours."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    # The printed share begins with the teller's number, then the 56 base32 characters.
    raw = raw[-56:] if len(raw) >= 56 else raw
    try:
        data = base64.b32decode(raw)
    except ValueError:
        return None
    if len(data) != SHARE_BYTES:
        return None
    body, check = data[:-2], data[-2:]
    if check != _check(election_id, body) or not 1 <= body[0] <= MAX_TELLERS:
        return None
    return body[0], body[1:]


def private_key_rebuild(
    election_id: int, public_hex: str, needed: int, shares: Sequence[str]
) -> PrivateKey:
    """The election's private key from the tellers' shares, in memory only; ServiceError
    naming the share field (`shares.N`, from 0) when one is mistyped or the set is short."""
    typed = [text for text in shares if text.strip()]
    problems: dict[str, list[str]] = {}
    read: dict[int, bytes] = {}
    for n, text in enumerate(shares):
        if not text.strip():
            continue
        share = _share_read(election_id, text)
        if share is None:
            problems[f"shares.{n}"] = ["this is not a teller's share of this election (mistyped?)"]
        elif share[0] in read:
            problems[f"shares.{n}"] = ["the same teller's share is typed twice"]
        else:
            read[share[0]] = share[1]
    if problems:
        raise ServiceError("a share is wrong", field_errors=problems)
    if len(typed) < needed:
        raise ServiceError(
            f"the count needs the shares of {needed} tellers (got {len(typed)})", field="shares"
        )
    chosen = sorted(read.items())[:needed]
    first = Shamir.combine([(index, halves[:16]) for index, halves in chosen])
    second = Shamir.combine([(index, halves[16:]) for index, halves in chosen])
    private = PrivateKey(first + second)
    if bytes(private.public_key).hex() != public_hex:
        raise ServiceError(
            "these shares do not open this election's ballots: each is right, so they come "
            "from different openings; ask each teller for the share of this election",
            field="shares",
        )
    return private


def ballot_width(lot_order: Sequence[int]) -> int:
    """The padded length of every ballot of the election: that of a ballot ranking everyone."""
    return len(_payload(list(lot_order), "X" * 12))


def _payload(choices: list[int], receipt: str) -> bytes:
    return json.dumps({"c": choices, "r": receipt}, separators=(",", ":")).encode("ascii")


def ballot_seal(public_hex: str, choices: list[int], receipt: str, width: int) -> bytes:
    """The ballot, padded to the election's width, encrypted to the election's public key:
    this process's ephemeral public key, a random nonce, and the ciphertext."""
    plain = _payload(choices, receipt).ljust(width, b" ")
    box, ephemeral = _sealer(public_hex)
    return ephemeral + bytes(box.encrypt(plain))


Opened = tuple[tuple[int, ...], str]  # the choices and the receipt

# A ballot is sealed with an ephemeral key pair of the process that took it, kept in memory
# only, and changed after this many ballots or seconds; the tellers' key opens each group
# with one Curve25519 multiplication, so a box of 100,000 ballots opens in under a second
# instead of 8 core-seconds (one multiplication a ballot, as anonymous sealed boxes need).
# What this costs: whoever could read a running server's memory could open the ballots it
# sealed in that window, but could as well read them as they arrive (docs/operations.md).
EPHEMERAL_BALLOTS = 1000
EPHEMERAL_SECONDS = 600.0
_sealers: dict[str, tuple[Box, bytes, int, float]] = {}
_sealers_lock = threading.Lock()


def _sealer(public_hex: str) -> tuple[Box, bytes]:
    with _sealers_lock:
        box, ephemeral, used, since = _sealers.get(public_hex, (None, b"", 0, 0.0))
        moment = time.monotonic()
        if box is None or used >= EPHEMERAL_BALLOTS or moment - since > EPHEMERAL_SECONDS:
            own = PrivateKey.generate()
            box = Box(own, PublicKey(bytes.fromhex(public_hex)))  # the shared key, derived once
            ephemeral, used, since = bytes(own.public_key), 0, moment
            del own
            if len(_sealers) > 16:  # votes of elections long closed
                _sealers.clear()
        _sealers[public_hex] = (box, ephemeral, used + 1, since)
        return box, ephemeral


# Opening costs a few microseconds a ballot and one multiplication an ephemeral key; a box of
# anonymous sealed boxes (a vote opened before the ephemeral keys) costs 0.1 ms a ballot.
# From this many ballots on, the close opens them on every core.
PARALLEL_FROM = 20_000


def ballots_open(private: PrivateKey, sealed: Sequence[bytes], width: int) -> list[Opened]:
    """Open every sealed ballot of the box (in no particular order: `with_random_ids` orders them)."""
    workers = os.cpu_count() or 1
    # Forking a process that runs other threads can copy a lock some thread holds: then the
    # box is opened here, on one core (a threaded development server; gunicorn's sync workers,
    # the task worker and the CLI have one thread).
    if len(sealed) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1:
        opened = _open_all(bytes(private), list(sealed), width)
    else:
        # Forked processes hold the key in memory for the moment they work; they touch no
        # database connection and leave by os._exit, so the connections they inherit stay
        # the parent's.
        chunks = [list(sealed[i::workers]) for i in range(workers)]
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            parts = pool.map(_open_all, [bytes(private)] * workers, chunks, [width] * workers)
            opened = [ballot for part in parts for ballot in part]
    if any(ballot is None for ballot in opened):
        raise ServiceError("a sealed ballot is damaged and cannot be opened", field="shares")
    return [ballot for ballot in opened if ballot is not None]


def with_random_ids(ballots: list[Opened]) -> list[tuple[str, Opened]]:
    """Each ballot with a random id (32 hex digits), in order of id: a random permutation, so
    neither the ids nor the order they are written in say anything of the order of voting,
    and the primary key's index is written front to back."""
    ids = os.urandom(16 * len(ballots)).hex()  # one call for the box, not one a ballot
    keyed = [(ids[32 * n : 32 * n + 32], ballot) for n, ballot in enumerate(ballots)]
    keyed.sort(key=lambda pair: pair[0])  # ids are unique with overwhelming odds
    return keyed


def _open_all(private: bytes, sealed: list[bytes], width: int) -> list[Opened | None]:
    key = PrivateKey(private)
    anonymous = SealedBox(key)
    boxes: dict[bytes, Box] = {}  # one shared key for each ephemeral key met
    opened: list[Opened | None] = []
    for one in sealed:
        try:
            data = json.loads(_plain(bytes(one), width, key, boxes, anonymous))
            opened.append((tuple(map(int, data["c"])), str(data["r"])))
        except (CryptoError, ValueError, KeyError, TypeError):
            opened.append(None)  # said once, by the caller, with nothing of the ballot
    return opened


def _plain(
    sealed: bytes, width: int, key: PrivateKey, boxes: dict[bytes, Box], anonymous: SealedBox
) -> bytes:
    """The padded ballot, from an ephemeral key, a nonce and the ciphertext; or from an
    anonymous sealed box (a vote opened before the ephemeral keys), told apart by its length:
    every ballot of an election is padded to one width."""
    if len(sealed) == crypto_box_SEALBYTES + width:
        return bytes(anonymous.decrypt(sealed))
    ephemeral = sealed[:32]
    box = boxes.get(ephemeral)
    if box is None:
        box = boxes[ephemeral] = Box(key, PublicKey(ephemeral))
    return bytes(box.decrypt(sealed[32:]))
