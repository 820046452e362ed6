#!/usr/bin/env bash
# Checks the web editions with validators that are not ours: the Nu HTML
# Checker (vnu-jar) and axe-core's WCAG 2.0/2.1 A and AA rules in Debian's
# Chromium at 320 CSS px (scripts/web-check.mjs), on every web edition of
# the sample and of a generated plan of 3,000 actions a year. Needs java,
# node/npm and /usr/bin/chromium (.ci/run installs them); the npm tools are
# installed into a temporary folder (or KOERS_WEB_TOOLS), no browser
# download.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=$(realpath "${KOERS_BIN:-target/debug/koers}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tools=${KOERS_WEB_TOOLS:-$work/tools}
if [ ! -d "$tools/node_modules/axe-core" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm init -y >/dev/null && PUPPETEER_SKIP_DOWNLOAD=1 \
    npm install --silent --no-audit --no-fund axe-core puppeteer-core vnu-jar)
fi
"$bin" build --inputs inputs --output "$work/sample" >/dev/null 2>&1
python3 benches/gen.py "$work/big" --actions 3000 --split >/dev/null
"$bin" build --inputs "$work/big" --output "$work/big-out" --year 2024 >/dev/null 2>&1
mapfile -t pages < <(find "$work/sample" "$work/big-out" -name '*.html' | sort)
echo "web checks: ${#pages[@]} web editions"
status=0
java -jar "$tools/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only "${pages[@]}" || status=1
(cd "$tools" && node "$root/scripts/web-check.mjs" "${pages[@]}") || status=1
exit $status
