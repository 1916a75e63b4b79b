"""``openler credentials ...``: the exit-status contract of verify, its JSON shape, and the
keygen -> issue -> verify -> bake -> extract round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openler.cli import main
from tests.credentials.core_support import OB30, small_badge
from tests.credentials.test_verify import controller_documents


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["credentials", *args])
    return result.exit_code, result.output


@pytest.fixture
def signed(tmp_path: Path) -> Path:
    code, key_json = run("keygen")
    assert code == 0
    key = json.loads(key_json)
    assert set(key) >= {"id", "controller", "publicKeyMultibase", "secretKeyMultibase"}
    assert key["controller"].startswith("did:key:z6Mk")
    assert key["id"] == f"{key['controller']}#{key['controller'][len('did:key:') :]}"
    (tmp_path / "key.json").write_text(key_json)
    (tmp_path / "unsigned.json").write_text(json.dumps(small_badge(key["controller"])))
    code, out = run("issue", str(tmp_path / "unsigned.json"), "--key", str(tmp_path / "key.json"))
    assert code == 0, out
    (tmp_path / "signed.json").write_text(out)
    return tmp_path / "signed.json"


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_issue_with_each_suite_then_verify(tmp_path: Path, signed: Path, suite: str) -> None:
    folder = signed.parent
    code, out = run(
        "issue", str(folder / "unsigned.json"), "--key", str(folder / "key.json"), "--suite", suite
    )
    assert code == 0
    assert json.loads(out)["proof"]["cryptosuite"] == suite
    (folder / "s.json").write_text(out)
    assert run("verify", str(folder / "s.json"))[0] == 0


def test_verify_json_shape_and_exit_codes(signed: Path) -> None:
    code, out = run("verify", str(signed), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"verified", "checks", "warnings", "nested"}
    assert report["verified"] is True
    assert all(set(c) == {"id", "status", "code", "message"} for c in report["checks"])
    assert [c["id"] for c in report["checks"]][:4] == ["parse", "context", "schema", "proof"]
    tampered = json.loads(signed.read_text())
    tampered["name"] = "Crane Operator"
    signed.write_text(json.dumps(tampered))
    code, out = run("verify", str(signed), "--format", "json")
    assert code == 1
    assert {"id": "proof", "status": "failed"}.items() <= next(
        c for c in json.loads(out)["checks"] if c["id"] == "proof"
    ).items()
    assert json.loads(out)["checks"][3]["code"] == "SIGNATURE_INVALID"


def test_unparsable_is_1_unreadable_and_usage_errors_are_2(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01 not a credential")
    code, out = run("verify", str(junk), "--format", "json")
    assert code == 1
    assert json.loads(out)["checks"][0] == {
        "id": "parse",
        "status": "failed",
        "code": "INPUT_UNRECOGNIZED",
        "message": json.loads(out)["checks"][0]["message"],
    }
    assert run("verify", str(tmp_path / "missing.json"))[0] == 2
    assert run("verify", str(junk), "--format", "xml")[0] == 2
    assert run("verify", str(junk), "--resolve", "no-equals-sign")[0] == 2


def test_resolve_supplies_the_status_list_and_controller_documents(tmp_path: Path) -> None:
    folder = OB30 / "bit-string-list"
    if not folder.is_dir():
        pytest.skip(f"conformance fixture not present: {folder}")
    credential = json.loads((folder / "credential-status-revoked.json").read_text())
    listed = json.loads((folder / "testlist").read_text())
    resolves = []
    for n, (url, doc) in enumerate(controller_documents(credential, listed).items()):
        path = tmp_path / f"controller{n}.json"
        path.write_text(json.dumps(doc))
        resolves += ["--resolve", f"{url}#ignored-fragment={path}"]
    list_url = credential["credentialStatus"]["statusListCredential"]
    args = ["verify", str(folder / "credential-status-revoked.json"), "--format", "json"]
    code, out = run(*args, *resolves, "--resolve", f"{list_url}={folder / 'testlist'}")
    assert code == 1
    status = next(c for c in json.loads(out)["checks"] if c["id"] == "status")
    assert (status["status"], status["code"]) == ("failed", "STATUS_REVOKED")
    code, out = run(*args, *resolves)  # no list supplied: fail closed
    status = next(c for c in json.loads(out)["checks"] if c["id"] == "status")
    assert (code, status["code"]) == (1, "STATUS_RETRIEVAL_ERROR")


def test_bake_and_extract_round_trip(tmp_path: Path, signed: Path) -> None:
    svg = tmp_path / "badge.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>')
    out = tmp_path / "baked.svg"
    code, text = run("bake", str(signed), str(svg), "-o", str(out))
    assert code == 0, text
    code, text = run("extract", str(out))
    assert code == 0
    assert json.loads(text) == json.loads(signed.read_text())
    assert run("verify", str(out))[0] == 0


def test_without_allow_network_an_https_key_fails_closed(tmp_path: Path, signed: Path) -> None:
    document = json.loads(signed.read_text())
    document["proof"]["verificationMethod"] = "https://issuer.invalid/keys#k1"
    signed.write_text(json.dumps(document))
    code, out = run("verify", str(signed), "--format", "json")
    proof = next(c for c in json.loads(out)["checks"] if c["id"] == "proof")
    assert (code, proof["code"]) == (1, "KEY_UNRESOLVED")
    assert "network access is off" in proof["message"]
    # With the network allowed the fetch is tried; .invalid never resolves (RFC 2606).
    code, out = run("verify", str(signed), "--format", "json", "--allow-network")
    proof = next(c for c in json.loads(out)["checks"] if c["id"] == "proof")
    assert (code, proof["code"]) == (1, "KEY_UNRESOLVED")
    assert "network access is off" not in proof["message"]


def test_the_fetcher_refuses_anything_but_https() -> None:
    from openler.credentials.fetch import https_fetcher

    with pytest.raises(ValueError, match="only https"):
        https_fetcher()("http://example.com/did.json")


def test_present_then_verify_the_presentation(tmp_path: Path, signed: Path) -> None:
    code, holder_key = run("keygen")
    (tmp_path / "holder.json").write_text(holder_key)
    domain, nonce = "https://hiring.employer.example", "n-0c1f"
    args = ["present", str(signed), "--key", str(tmp_path / "holder.json"), "--domain", domain]
    code, out = run(*args, "--challenge", nonce, "--expires", "2999-01-01T00:00:00Z")
    assert code == 0, out
    vp = json.loads(out)
    assert vp["type"] == ["VerifiablePresentation"]
    assert vp["holder"] == json.loads(holder_key)["controller"]
    assert (vp["proof"]["domain"], vp["proof"]["challenge"]) == (domain, nonce)
    assert vp["proof"]["expires"] == "2999-01-01T00:00:00Z"
    path = tmp_path / "vp.json"
    path.write_text(out)
    code, out = run(
        "verify", str(path), "--domain", domain, "--challenge", nonce, "--format", "json"
    )
    assert code == 0, out
    report = json.loads(out)
    assert set(report) == {"verified", "checks", "warnings", "nested"}
    assert [n["verified"] for n in report["nested"]] == [True]
    code, out = run("verify", str(path), "--domain", "https://other.example", "--challenge", nonce)
    assert code == 1
    assert "PRESENTATION_DOMAIN_MISMATCH" in out
    code, out = run("verify", str(path), "--domain", domain, "--challenge", "stale")
    assert (code, "PRESENTATION_CHALLENGE_MISMATCH" in out) == (1, True)
    # Usage errors: --domain on a credential, a bad --expires, a missing file.
    assert run("verify", str(signed), "--domain", domain)[0] == 2
    assert run(*args, "--expires", "next week")[0] == 2
    assert run("present", str(tmp_path / "nope.json"), "--key", str(tmp_path / "holder.json"),
               "--domain", domain)[0] == 2  # fmt: skip
    assert run("present", str(signed), "--key", str(tmp_path / "holder.json"))[0] == 2
