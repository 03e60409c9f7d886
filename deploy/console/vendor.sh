#!/usr/bin/env bash
# Vendor the console's front-end assets at build time (never at run time):
# `npm ci` from the committed lock file, compile the council's build of GOV.UK Frontend,
# and copy the CSS, JS and images into services/console/static/vendor/
# (git-ignored). Run by `make console-assets` and by .ci/run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/services/console/static/vendor"

cd "$here"
npm ci --no-audit --no-fund --loglevel=error
rm -rf "$out" && mkdir -p "$out"
./node_modules/.bin/sass --load-path=node_modules/govuk-frontend/dist --style=compressed \
  --no-source-map --quiet-deps console.scss "$out/govuk-frontend.min.css"
govuk=node_modules/govuk-frontend/dist/govuk
cp "$govuk/govuk-frontend.min.js" "$out/"
cp -r "$govuk/assets/images" "$out/images"
cp node_modules/govuk-frontend/package.json "$out/govuk-frontend.package.json"
echo "console assets vendored into ${out#"$root"/}"
