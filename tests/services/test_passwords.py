from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.profiles import RFC_9106_LOW_MEMORY

from openler.services import passwords


def test_production_hasher_is_argon2id_with_rfc9106_costs() -> None:
    # The fixture in conftest swaps in cheap costs for speed; the module's own hasher is the
    # one the product uses. RFC 9106 section 4, second recommended option: t=3, 64 MiB.
    import importlib

    fresh = importlib.reload(passwords)
    hasher: PasswordHasher = fresh._hasher
    assert hasher.type is Type.ID
    assert hasher.time_cost == RFC_9106_LOW_MEMORY.time_cost == 3
    assert hasher.memory_cost == RFC_9106_LOW_MEMORY.memory_cost == 65536
    assert fresh.hash_password("a long enough password").startswith("$argon2id$v=19$m=65536,t=3")


def test_verify_without_hash_is_false() -> None:
    assert passwords.verify_password(None, "anything at all") is False
    assert passwords.verify_password("not a hash", "anything at all") is False
