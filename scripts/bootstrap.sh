#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine: Debian packages (when missing,
# which needs root), then the virtualenv with the app and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(libmariadb-dev pkg-config gettext chromium fonts-noto-cjk)
missing=()
for pkg in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages: ${missing[*]}. Install them as root (see README)." >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# (This machine's pip config names local package mirrors that may be absent; drop those warnings.)
.venv/bin/pip install --quiet --disable-pip-version-check -e "apps/securities_crm[test,dev]" \
  2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
