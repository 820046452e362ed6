#!/usr/bin/env bash
# Checks real reports with tools that are not ours: builds a signed-off copy
# of the sample, then runs qpdf --check on every PDF, pdfdetach on the FINAL
# ones (the sources must be attached), pdfsig on signed ones, and
# koers verify on the whole folder. Needs poppler-utils and qpdf.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The binary `cargo test` has just built: `cargo run` would build the whole
# dependency tree a second time (without the test-only features).
bin=${KOERS_BIN:-target/debug/koers}
[ -x "$bin" ] || cargo build --quiet
bin=$(realpath "$bin")
koers() { "$bin" "$@"; }

cp -r inputs "$work/inputs"
koers approve --inputs "$work/inputs" --year 2024 --name "Laura Szabo"
koers approve --inputs "$work/inputs" --year 2024 --name "Marc Dubois"
sign_args=()
if koers build --help | grep -q -- '--sign-key'; then
  openssl_ok=$(command -v openssl || true)
  if [ -n "$openssl_ok" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
      -keyout "$work/key.pem" -out "$work/cert.pem" -days 3650 -subj "/CN=Koers CI" 2>/dev/null
    sign_args=(--sign-key "$work/key.pem" --sign-cert "$work/cert.pem")
    # A timestamp authority on 127.0.0.1: the seal becomes PAdES B-T.
    python3 scripts/test-tsa.py >"$work/tsa.url" &
    tsa_pid=$!
    trap 'kill $tsa_pid 2>/dev/null; rm -rf "$work"' EXIT
    for _ in $(seq 50); do [ -s "$work/tsa.url" ] && break; sleep 0.1; done
    sign_args+=(--tsa "$(head -1 "$work/tsa.url")")
  fi
fi
koers build --inputs "$work/inputs" --output "$work/output" "${sign_args[@]}"

failures=0
count=0
signed=0
while IFS= read -r -d '' pdf; do
  count=$((count + 1))
  if ! qpdf --check "$pdf" >"$work/qpdf.txt" 2>&1; then
    echo "qpdf --check failed: $pdf"; cat "$work/qpdf.txt"; failures=$((failures + 1))
  fi
  case "$pdf" in
    */2024/*)
      listing=$(pdfdetach -list "$pdf")
      for name in approvals.json framework.toml 2024-actions.csv; do
        if ! grep -q "$name" <<<"$listing"; then
          echo "pdfdetach: $name not attached to $pdf"; failures=$((failures + 1))
        fi
      done
      if [ ${#sign_args[@]} -gt 0 ]; then
        # pdfsig exits 0 even for a broken signature: read what it says.
        signed=$((signed + 1))
        # With --long-term, the seal covers all but the validation store
        # (PAdES B-LT) appended after it: pdfsig says "Not total document
        # signed" for that, and pyHanko below must judge the update
        # signature maintenance.
        out=$(pdfsig "$pdf" 2>&1 || true)
        if ! grep -q "Signature is Valid." <<<"$out" \
           || ! grep -q -e "Total document signed" -e "Not total document signed" <<<"$out"; then
          echo "pdfsig does not accept $pdf:"; echo "$out"; failures=$((failures + 1))
        fi
        # pyHanko, when installed (.ci/run installs it): the signature and
        # its timestamp (PAdES B-T), both trusted through the test anchors.
        if command -v pyhanko >/dev/null; then
          out=$(pyhanko sign validate --pretty-print --trust-replace --trust "$work/cert.pem" \
                --trust tests/fixtures/tsa/tsa.pem "$pdf" 2>&1 || true)
          if ! grep -q "The signature is judged VALID" <<<"$out" \
             || ! grep -q "The TSA certificate is trusted" <<<"$out" \
             || ! grep -q -e "The signature covers the entire file" \
                       -e "All modifications relate to signature maintenance" <<<"$out"; then
            echo "pyHanko does not accept $pdf:"; echo "$out"; failures=$((failures + 1))
          fi
        fi
      fi
      ;;
  esac
done < <(find "$work/output" -name '*.pdf' -print0)

# PDF/A-3a and PDF/UA-1 (FINAL) and PDF/UA-1 (DRAFT) by page-validation,
# a validator that is not ours, when installed (.ci/run installs it).
if python3 -c 'import page' 2>/dev/null; then
  if ! python3 scripts/pdf-validate.py $(find "$work/output" -name '*.pdf' | sort); then
    failures=$((failures + 1))
  fi
fi

# Long-term reports (PAdES B-LTA: the seal, a validation store, a document
# timestamp over both), judged by pyHanko's AdES validator offline, trusting
# only the seal's and the timestamp authority's certificates.
if [ ${#sign_args[@]} -gt 0 ] && python3 -c 'import pyhanko' 2>/dev/null; then
  koers build --inputs "$work/inputs" --output "$work/lta" --year 2024 --lang nl \
    "${sign_args[@]}" --long-term
  while IFS= read -r -d '' pdf; do
    count=$((count + 1)); signed=$((signed + 1))
    if ! out=$(python3 scripts/pyhanko-lta.py "$pdf" B-LTA "$work/cert.pem" tests/fixtures/tsa/tsa.pem 2>&1); then
      echo "pyHanko does not accept $pdf at B-LTA:"; echo "$out"; failures=$((failures + 1))
    fi
    said=$(koers verify "$pdf" --trust "$work/cert.pem" || true)
    if ! grep -q "ok   document timestamp" <<<"$said"; then
      echo "koers verify does not find the document timestamp in $pdf:"; echo "$said"
      failures=$((failures + 1))
    fi
  done < <(find "$work/lta" -name '*.pdf' -print0)
fi

trust=()
[ ${#sign_args[@]} -gt 0 ] && trust=(--trust "$work/cert.pem")
# 2022 and 2023 stay DRAFTs here: let them pass as "not approved".
if ! koers verify "$work/output" --rebuild --allow-draft "${trust[@]}" >"$work/verify.txt"; then
  echo "koers verify failed:"; grep -B1 FAIL "$work/verify.txt" | head -40; failures=$((failures + 1))
fi

echo "pdf checks: $count PDFs ($signed signed, checked with pdfsig), $failures problem(s)"
echo "pdf-checks: $((count - failures < 0 ? 0 : count - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
