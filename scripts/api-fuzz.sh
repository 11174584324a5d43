#!/usr/bin/env bash
# Fuzzes every route of the local API with schemathesis, driven by infra/openapi.yaml: starts the
# chart-img stand-in and the local API on loopback ports (scripts/local-stack.sh), runs
# schemathesis against them, and stops both on exit, also when a step fails.
#
# Usage: scripts/api-fuzz.sh [SCHEMATHESIS_OPTION...]
#
#   SCHEMATHESIS_PYTHON  Python with schemathesis 4.32.5 installed; default .venv/bin/python at
#                        the repository root (python3 -m venv .venv &&
#                        .venv/bin/pip install schemathesis==4.32.5).
#   FUZZ_MAX_EXAMPLES    test cases per operation and phase (default 100).
#   FUZZ_WORKERS         concurrent schemathesis workers (default 1). With 2 workers on CPython
#                        3.11.7, hypothesis's concurrent `ast.parse` calls fail with "AST
#                        constructor recursion depth mismatch" and the coverage phase stops.
#
# Options after the script's name go to `schemathesis run`, such as `--report junit
# --report-dir "$PWD/fuzz-report"`. schemathesis runs in a temporary folder, so give paths in
# full. Build the servers first: cargo build -p local-api -p fake-chart-img
#
# The local API stores into a temporary folder, reaches chart-img only through the stand-in and
# fetches `imageUrl` only from the stand-in's origin, so no request leaves the machine.
# schemathesis gets the local API's URL and follows no redirects.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${SCHEMATHESIS_PYTHON:-$root/.venv/bin/python}
max_examples=${FUZZ_MAX_EXAMPLES:-100}
workers=${FUZZ_WORKERS:-1}

fail() {
    printf 'api-fuzz.sh: %s\n' "$*" >&2
    exit 1
}

[[ -x $python ]] || fail "no Python at $python; create .venv with schemathesis 4.32.5, or set SCHEMATHESIS_PYTHON"
"$python" -c 'import schemathesis' 2>/dev/null ||
    fail "$python cannot import schemathesis; run: $python -m pip install schemathesis==4.32.5"

work=$(mktemp -d)
# shellcheck source=scripts/local-stack.sh
source "$root/scripts/local-stack.sh"
trap 'status=$?; stop_local_stack; rm -rf "$work"; exit "$status"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The stand-in's per-second limits would turn bursts of generated requests into 429s.
start_local_stack "$work" --no-rate-limits || fail "the local stack did not start"
echo "chart-img stand-in: $CHART_IMG_URL; local API: $API_URL"

# Every check that applies to the local API. Those about API keys (ignored_auth,
# missing_required_header) do not, because API Gateway checks the key and the local API checks
# none. Nor does positive_data_acceptance: a schema-valid request can still break a rule the
# schema cannot state, such as a plan limit, an unknown instrument or `from` after `to`.
checks=not_a_server_error,status_code_conformance,content_type_conformance
checks+=,response_schema_conformance,response_headers_conformance,negative_data_rejection
checks+=,unsupported_method,allow_header_conformance,use_after_free,ensure_resource_availability

# `--generation-deterministic` generates the same cases on every run and keeps no database of
# earlier failures, so CI runs repeat. `timeout` stops a run that hangs instead of failing.
# schemathesis keeps a cache and replay files in `.schemathesis` under its working folder, so it
# runs in the temporary one: no run reads what an earlier one left.
status=0
cd "$work"
timeout 900 "$python" -m schemathesis.cli run "$root/infra/openapi.yaml" \
    --url "$API_URL" \
    --checks "$checks" \
    --max-examples "$max_examples" \
    --generation-deterministic \
    --workers "$workers" \
    --request-timeout 30 \
    --max-redirects 0 \
    --header 'x-api-key: local-fuzz' \
    --no-color \
    "$@" || status=$?

if ((status != 0)); then
    echo "local API log (last 40 lines):"
    tail -n 40 "$work/api.log"
fi
exit "$status"
