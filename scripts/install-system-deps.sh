#!/usr/bin/env bash
# Install the Debian packages motcua needs. Idempotent: installs only what is missing.
#   scripts/install-system-deps.sh          runtime: Pango for WeasyPrint PDFs, fonts with Vietnamese glyphs, Ghostscript (PDF/A)
#   scripts/install-system-deps.sh test     + Chromium (browser tests), poppler (PDF text), PostgreSQL client, the PostgreSQL 15 server and Redis (the tests that start their own), gettext (the catalogue test), SoftHSM 2 (the PKCS#11 test)
set -euo pipefail
runtime=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core ghostscript)
testing=(chromium poppler-utils postgresql-client postgresql-15 redis-server gettext softhsm2)
packages=("${runtime[@]}")
[ "${1:-runtime}" = "test" ] && packages+=("${testing[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "Missing Debian packages: ${missing[*]}. Run this script as root (or install sudo)." >&2; exit 1
  fi
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
