"""Verification and signing speed of a small Open Badges 3.0 credential, one core.

    PYTHONPATH=src python benchmarks/credentials.py [--seconds 2] [--runs 5]

Measures, in one run, over distinct credentials (own ids, learner and name; cycled):
OpenLER's verifier (``proofs.verify_proofs``: safe mode, bundled
loader with its context cache, key resolution, signature) for eddsa-rdfc-2022 and
eddsa-jcs-2022, OpenLER's signer (``proofs.sign``, eddsa-rdfc-2022), and a plain pyld
verifier and signer as the baseline (RDFC-1.0 via pyld with a loader that serves the same
contexts without any caching, no safe mode). Prints, for each, the median of several runs in
credentials per second (wall clock) and the median CPU time per credential (the machine is
shared: CPU time is the steadier figure), with the load average before and after. Results
go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import itertools
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from typing import Any

from pyld import jsonld

from openler.credentials.contexts import bundled_document
from openler.credentials.dids import DidResolver
from openler.credentials.keys import Ed25519KeyPair, public_key_from_multibase, verify_signature
from openler.credentials.multibase import decode_z
from openler.credentials.proofs import sign, verify_proofs
from openler.credentials.suites import SUITES

CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "Welding Level 1",
    "issuer": {"type": ["Profile"], "name": "Tri-County Technical College"},
    "validFrom": "2025-03-01T00:00:00Z",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "id": "did:example:learner-42",
        "achievement": {
            "id": "https://college.example/achievements/weld-1",
            "type": ["Achievement"],
            "name": "Welding Level 1",
            "description": "Shielded metal arc welding in flat position.",
            "criteria": {"narrative": "Passed the practical exam."},
        },
    },
}


def _plain_loader(url: str, options: Any = None) -> dict[str, Any]:
    # the same documents, parsed afresh on every call and never cached
    return {"contextUrl": None, "documentUrl": url, "document": bundled_document(url)}


def plain_pyld_verify(signed: dict[str, Any]) -> bool:
    """What a straightforward pyld verifier does for eddsa-rdfc-2022."""
    proof = dict(signed["proof"])
    value = proof.pop("proofValue")
    document = {k: v for k, v in signed.items() if k != "proof"}
    options = {"algorithm": "URDNA2015", "format": "application/n-quads",
               "documentLoader": _plain_loader}  # fmt: skip
    config = {**proof, "@context": document["@context"]}
    config_hash = hashlib.sha256(jsonld.normalize(config, dict(options)).encode()).digest()
    doc_hash = hashlib.sha256(jsonld.normalize(document, dict(options)).encode()).digest()
    key = public_key_from_multibase(proof["verificationMethod"].split("#")[1])
    return verify_signature(key, decode_z(value), config_hash + doc_hash)


def plain_pyld_sign(document: dict[str, Any], key: Ed25519KeyPair, method: str) -> bool:
    """What a straightforward pyld signer does for eddsa-rdfc-2022."""
    options = {"algorithm": "URDNA2015", "format": "application/n-quads",
               "documentLoader": _plain_loader}  # fmt: skip
    config = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
              "created": "2025-03-01T00:00:00Z", "verificationMethod": method,
              "proofPurpose": "assertionMethod", "@context": document["@context"]}  # fmt: skip
    config_hash = hashlib.sha256(jsonld.normalize(config, dict(options)).encode()).digest()
    doc_hash = hashlib.sha256(jsonld.normalize(document, dict(options)).encode()).digest()
    return len(key.sign(config_hash + doc_hash)) == 64


def rate(check: Callable[[], bool], seconds: float) -> tuple[float, float]:
    """(operations per second of wall time, CPU seconds per operation)."""
    count, start, cpu = 0, time.perf_counter(), time.process_time()
    while (elapsed := time.perf_counter() - start) < seconds:
        assert check()
        count += 1
    return count / elapsed, (time.process_time() - cpu) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--distinct", type=int, default=200, help="distinct credentials")
    parser.add_argument("--only", default="", help="run only the checks whose name has this")
    args = parser.parse_args()
    key = Ed25519KeyPair.from_seed(hashlib.sha256(b"benchmark").digest())
    did = f"did:key:{key.public_multibase}"
    # distinct credentials (ids, learner, names differ), as in bulk verification
    signed: dict[str, list[dict[str, Any]]] = {"eddsa-rdfc-2022": [], "eddsa-jcs-2022": []}
    unsigned: list[dict[str, Any]] = []
    method = f"{did}#{key.public_multibase}"
    for number in range(args.distinct):
        credential = copy.deepcopy(CREDENTIAL)
        credential["id"] = f"urn:uuid:91537dba-56cb-11ec-bf63-{number:012d}"
        credential["issuer"]["id"] = did
        credential["credentialSubject"]["id"] = f"did:example:learner-{number}"
        credential["name"] = f"Welding Level 1 (cohort {number})"
        unsigned.append(credential)
        for name, documents in signed.items():
            documents.append(sign(credential, key, created="2025-03-01T00:00:00Z",
                                  suite=SUITES[name],
                                  verification_method=f"{did}#{key.public_multibase}"))  # fmt: skip
    resolver = DidResolver()  # did:key: resolved locally, cached after the first call

    def cycling(name: str, verify: Callable[[dict[str, Any]], bool]) -> Callable[[], bool]:
        documents = itertools.cycle(signed[name])
        return lambda: verify(next(documents))

    def openler(document: dict[str, Any]) -> bool:
        return verify_proofs(document, resolver)[0].ok

    to_sign = itertools.cycle(unsigned)

    def openler_sign() -> bool:
        document = sign(next(to_sign), key, created="2025-03-01T00:00:00Z",
                        verification_method=method)  # fmt: skip
        return "proof" in document

    checks: dict[str, Callable[[], bool]] = {
        "verify openler eddsa-rdfc-2022": cycling("eddsa-rdfc-2022", openler),
        "verify openler eddsa-jcs-2022": cycling("eddsa-jcs-2022", openler),
        "verify plain pyld eddsa-rdfc-2022": cycling("eddsa-rdfc-2022", plain_pyld_verify),
        "sign openler eddsa-rdfc-2022": openler_sign,
        "sign plain pyld eddsa-rdfc-2022": lambda: plain_pyld_sign(next(to_sign), key, method),
    }
    checks = {name: check for name, check in checks.items() if args.only in name}
    print(f"python {platform.python_version()}, {platform.machine()}, "
          f"credential {len(json.dumps(signed['eddsa-rdfc-2022'][0]))} bytes, "
          f"load average {os.getloadavg()[0]:.2f} before")  # fmt: skip
    # runs interleaved (one of each check in turn), so that every check sees the same
    # moments of a shared machine's load
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in checks}
    for _ in range(args.runs):
        for name, check in checks.items():
            runs[name].append(rate(check, args.seconds))
    for name, results in runs.items():
        per_second = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[1] for r in results)
        print(f"{name:36} {per_second:7.0f} /s  {cpu * 1e6:7.0f} us CPU each "
              f"({1 / cpu:6.0f} /s of CPU)  median of {args.runs}")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
