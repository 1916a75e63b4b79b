"""Data Integrity proof suites: eddsa-rdfc-2022, eddsa-jcs-2022, Ed25519Signature2020."""

from __future__ import annotations

from openler.credentials.suites.base import Suite, suite_for_proof
from openler.credentials.suites.ed25519_2020 import ED25519_SIGNATURE_2020
from openler.credentials.suites.eddsa_jcs_2022 import EDDSA_JCS_2022
from openler.credentials.suites.eddsa_rdfc_2022 import EDDSA_RDFC_2022

SUITES: dict[str, Suite] = {
    suite.name: suite for suite in (EDDSA_RDFC_2022, EDDSA_JCS_2022, ED25519_SIGNATURE_2020)
}

__all__ = [
    "ED25519_SIGNATURE_2020",
    "EDDSA_JCS_2022",
    "EDDSA_RDFC_2022",
    "SUITES",
    "Suite",
    "suite_for_proof",
]
