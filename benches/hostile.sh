#!/usr/bin/env bash
# Benchmark: time and peak memory of `koers check` / `koers verify` on the
# hostile inputs of issue 11, against the targets (each under 10 s and 1 GB):
# a 10 MB comment, a million rows, an xlsx zip bomb (2 MB that claims
# 2 GB), a link to /dev/zero, and `koers verify` on a report whose
# attachment unpacks to 1 GB of zeros (about 1 MB packed); and issue 17's
# 30,000 one-row files in one year folder (target: checked in under 2 s).
# Usage: bash benches/hostile.sh [path/to/koers] (default: the debug binary
# `cargo test` builds; pass target/release/koers for release numbers).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/koers}
[ -x "$bin" ] || cargo test --no-run --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

plan() {
  rm -rf "$work/plan"; mkdir -p "$work/plan/2023"
  cp tests/fixtures/small/framework.toml "$work/plan/"
  cp tests/fixtures/small/2023/indicators.csv "$work/plan/2023/"
}
measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -f "$name: %e s wall, %M KiB peak RSS (exit %x)" "$@" >/dev/null 2>"$work/err" || true
  tail -1 "$work/err"
}

plan
python3 - "$work/plan/2023/actions.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,objective,title,unit,status,progress,comment\nA1,O1,T,U1,on_track,10,")
    f.write("x" * (10 * 1024 * 1024) + "\n")
PY
measure "10 MB comment" "$bin" check --inputs "$work/plan"

plan
python3 - "$work/plan/2023/actions.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,objective,title,unit,status,progress\n")
    for n in range(1_000_000):
        f.write(f"A{n},O1,T,U1,on_track,10\n")
PY
measure "a million rows" "$bin" check --inputs "$work/plan"

plan
python3 - "$work/plan/2023/actions-bomb.xlsx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/sharedStrings.xml", "0" * (2 * 1024 * 1024 * 1024 - 1))
PY
cp tests/fixtures/small/2023/actions.csv "$work/plan/2023/"
echo "(the xlsx zip bomb is $(du -h "$work/plan/2023/actions-bomb.xlsx" | cut -f1))"
measure "xlsx zip bomb" "$bin" check --inputs "$work/plan"

plan
python3 - "$work/plan/2023" <<'PY'
import os, sys
for n in range(30_000):
    with open(os.path.join(sys.argv[1], f"actions-{n:05}.csv"), "w") as f:
        f.write(f"id,objective,title,unit,status,progress\nA{n},O1,T,U1,on_track,10\n")
PY
measure "30,000 one-row files" "$bin" check --inputs "$work/plan"
said=$("$bin" check --inputs "$work/plan" || true)
grep -q "actions-29999.csv: 1 action(s) (U1: 1), budget planned 0, spent 0; 1 row(s) in the file" <<<"$said" || { echo "check did not read every file"; exit 1; }

plan
ln -s /dev/zero "$work/plan/2023/actions-z.csv"
measure "link to /dev/zero" "$bin" check --inputs "$work/plan"

plan
cp tests/fixtures/small/2023/actions.csv "$work/plan/2023/"
"$bin" build --inputs "$work/plan" --output "$work/out" --lang nl >/dev/null 2>&1
report=$(ls "$work"/out/2023/nl/*-org-nl.pdf)
head -c $((1024 * 1024 * 1024)) /dev/zero >"$work/zeros.bin"
qpdf "$report" --add-attachment "$work/zeros.bin" --key=zeros.bin -- "$work/bombed.pdf"
rm "$work/zeros.bin"
echo "(the report with the bomb attached is $(du -h "$work/bombed.pdf" | cut -f1))"
measure "verify, 1 GB attachment" "$bin" verify --allow-draft "$work/bombed.pdf"
said=$("$bin" verify --allow-draft "$work/bombed.pdf" || true)
grep -q "zeros.bin cannot be unpacked" <<<"$said" || { echo "verify did not name the bomb"; exit 1; }
