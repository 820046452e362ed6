#!/usr/bin/env bash
# Benchmark: time and peak memory of rendering the whole sample plan
# (3 years x 2 languages x 8 scopes = 48 reports) with the release binary.
# Run it on an otherwise idle machine: bash benches/build.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$runs"); do
  rm -rf "$out/output"
  /usr/bin/time -f "run $i: %e s wall, %U s user, %M KiB peak RSS" \
    target/release/koers build --output "$out/output" 2>&1 >/dev/null | grep '^run '
done
echo "reports: $(find "$out/output" -name '*.pdf' | wc -l), total size: $(du -sh "$out/output" | cut -f1)"
