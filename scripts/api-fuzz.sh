#!/usr/bin/env bash
# Fuzzes every route of the local API with schemathesis, driven by infra/openapi.yaml: starts the
# chart-img stand-in and the local API on loopback ports, runs schemathesis against them, and
# stops both on exit, also when a step fails.
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
# full.
# Build the servers first: cargo build -p local-api -p fake-chart-img
#
# Both servers listen on 127.0.0.1 only. The local API stores into a temporary folder through
# its embedded S3 store, reaches chart-img only through the stand-in, and fetches `imageUrl`
# only from the stand-in's origin, so no request leaves the machine. schemathesis gets the
# local API's URL and follows no redirects.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${SCHEMATHESIS_PYTHON:-$root/.venv/bin/python}
max_examples=${FUZZ_MAX_EXAMPLES:-100}
workers=${FUZZ_WORKERS:-1}
fake_bin=$root/target/debug/fake-chart-img
api_bin=$root/target/debug/local-api

fail() {
    printf 'api-fuzz.sh: %s\n' "$*" >&2
    exit 1
}

[[ -x $python ]] || fail "no Python at $python; create .venv with schemathesis 4.32.5, or set SCHEMATHESIS_PYTHON"
"$python" -c 'import schemathesis' 2>/dev/null ||
    fail "$python cannot import schemathesis; run: $python -m pip install schemathesis==4.32.5"
for binary in "$fake_bin" "$api_bin"; do
    [[ -x $binary ]] || fail "$binary is missing; run: cargo build -p local-api -p fake-chart-img"
done

work=$(mktemp -d)
fake_pid=
api_pid=
stop_servers() {
    local status=$?
    for pid in "$api_pid" "$fake_pid"; do
        if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$work"
    exit "$status"
}
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The stand-in prints `listening on http://127.0.0.1:PORT` once it accepts connections.
"$fake_bin" --port 0 --no-rate-limits >"$work/fake.out" 2>"$work/fake.log" &
fake_pid=$!
chart_img_url=
for _ in $(seq 100); do
    chart_img_url=$(sed -n 's/^listening on //p' "$work/fake.out")
    [[ -n $chart_img_url ]] && break
    kill -0 "$fake_pid" 2>/dev/null || fail "the stand-in exited: $(cat "$work/fake.log")"
    sleep 0.1
done
[[ -n $chart_img_url ]] || fail "the stand-in printed no address within 10 s"

api_port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
api_url=http://127.0.0.1:$api_port

# A clean environment, so that no AWS variable points the local API at real S3.
env -i PATH="$PATH" HOME="$work" RUST_LOG=warn \
    CHART_IMG_BASE_URL="$chart_img_url" \
    CHART_IMG_API_KEY=test-key \
    CHART_IMG_PLAN=PRO \
    IMAGE_URL_ALLOWED_ORIGINS="$chart_img_url" \
    "$api_bin" --port "$api_port" --data-dir "$work/data" >"$work/api.log" 2>&1 &
api_pid=$!
ready=false
for _ in $(seq 100); do
    if "$python" -c "import urllib.request; urllib.request.urlopen('$api_url/api/v1/health', timeout=1)" 2>/dev/null; then
        ready=true
        break
    fi
    kill -0 "$api_pid" 2>/dev/null || fail "the local API exited: $(cat "$work/api.log")"
    sleep 0.1
done
$ready || fail "no response from $api_url/api/v1/health within 10 s: $(tail -n 20 "$work/api.log")"
echo "chart-img stand-in: $chart_img_url; local API: $api_url"

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
    --url "$api_url" \
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
