#!/usr/bin/env bash
# Everything the test suite needs beyond the Python packages, provisioned by `make test`
# itself (CI adds only PostgreSQL and lint): Debian's Chromium for the console's browser
# tests, and the Kafka broker's jars. The console assets are a make target of their own.
# Idempotent: a second run checks and changes nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"

for tool in java mvn npm; do
  command -v "$tool" >/dev/null || {
    echo "error: $tool is missing: the tests need Java 17, Maven and Node.js with npm" >&2
    exit 1
  }
done

# Debian's Chromium (never a browser build downloaded by a test tool: none can be fetched).
if [ ! -x /usr/bin/chromium ]; then
  install="apt-get update -q && apt-get install -y -q chromium"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: the console's browser tests need Debian's chromium; run: sudo sh -c '$install'" >&2
    exit 1
  fi
  echo "installing Debian's chromium for the console's browser tests (once)"
  DEBIAN_FRONTEND=noninteractive sh -c "$install" >/dev/null
fi

# Debian's poppler-utils: the board report's PDF test reads its text (pdftotext) and keeps a
# picture of page 1 (pdftoppm).
if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  install="apt-get update -q && apt-get install -y -q poppler-utils"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: the board report's PDF test needs poppler-utils; run: sudo sh -c '$install'" >&2
    exit 1
  fi
  echo "installing Debian's poppler-utils for the board report's PDF test (once)"
  DEBIAN_FRONTEND=noninteractive sh -c "$install" >/dev/null
fi

# The official Kafka jars, fetched by Maven into .cache/ once (a no-op when present).
"$python" -m deploy.kafka fetch >/dev/null
