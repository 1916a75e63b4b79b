#!/usr/bin/env bash
# System packages the test suite needs: PostgreSQL server binaries (a throwaway cluster) and
# Chromium (browser tests). Installs Debian's packages when run as root; otherwise names them.
set -euo pipefail

missing=()
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ! command -v "${OPENLER_CHROMIUM:-chromium}" >/dev/null 2>&1; then
  missing+=(chromium)
fi
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  # PostgreSQL refuses to run as root; the tests run it as the 'postgres' user.
  missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "make test needs these Debian packages, which are missing: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
