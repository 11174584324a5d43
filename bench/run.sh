#!/usr/bin/env bash
# Reproduces every figure in BENCHMARKS.md from a fresh clone: builds the release bootstraps with
# cargo-lambda and the measuring tools, then measures size, cold start, warm invocations, the
# handlers alone (criterion), and memory and throughput under 20 concurrent clients.
#
# Usage: bench/run.sh [STEP ...]
#
#   STEP  one or more of: build size cold warm criterion load local-api (default: all, in order).
#         Every step after build expects the build step's outputs.
#
# Environment:
#   VENV   virtualenv for cargo-lambda and Zig (default .venv/infra, the one scripts/test and
#          infra/check.sh use). The first run installs the versions that
#          infra/requirements-sam.txt pins, from PyPI.
#   RUNS   cold starts per function (default 20).
#
# Every server and function it starts listens on 127.0.0.1 only: the chart-img stand-in, the
# embedded S3 store, an SSM stub and the emulated Lambda runtime API. The printed figures are
# also appended to target/bench-results/DATE.txt. A full run takes about half an hour on 2
# cores, most of it the two release builds.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
functions=(construct generate upload)
runs=${RUNS:-20}
venv=${VENV:-$root/.venv/infra}
harness=target/release/bench-harness
mkdir -p target/bench-results target/bench-logs
results=target/bench-results/$(date -u +%Y%m%dT%H%M%SZ).txt

step() {
    printf '\n==> %s (load average: %s)\n' "$*" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"
}

fail() {
    printf '\nrun.sh: FAILED: %s\n' "$*" >&2
    exit 1
}

# Runs a command and appends what it prints to the results file.
record() {
    printf '$ %s\n' "$*" | tee -a "$results"
    "$@" 2>&1 | tee -a "$results"
}

# Puts cargo-lambda and its Zig, at the versions the repository pins, first on PATH.
lambda_tools() {
    if [[ ! -x $venv/bin/cargo-lambda ]]; then
        python3 -m venv "$venv" || fail "cannot create a virtualenv at $venv; install python3-venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check \
            $(grep -E '^(cargo-lambda|ziglang)==' infra/requirements-sam.txt) ||
            fail "pip could not install cargo-lambda and ziglang"
    fi
    export PATH=$venv/bin:$PATH
    CARGO_ZIGBUILD_ZIG_PATH=$("$venv/bin/python" -c 'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
    export CARGO_ZIGBUILD_ZIG_PATH
}

# Prints the machine and the commit the figures belong to.
describe_machine() {
    {
        echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
        echo "commit:  $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"
        echo "rustc:   $(rustc --version)"
        echo "cpu:     $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
        echo "memory:  $(free -g | awk '/Mem:/ {print $2}') GiB"
        echo "uptime:  $(uptime)"
    } | tee -a "$results"
}

build() {
    lambda_tools
    step "cargo lambda build --release --x86-64 (the deployed bootstraps)"
    record cargo lambda --version
    started=$(date +%s)
    cargo lambda build --release --x86-64 -p construct -p generate -p upload
    cargo lambda build --release --x86-64 -p construct -p generate -p upload \
        --output-format zip --lambda-dir target/lambda-zip
    echo "took $(($(date +%s) - started)) s" | tee -a "$results"

    step "cargo build --release: the harness, the local API and the handler benches"
    # One invocation, so the benches below reuse these artifacts instead of building again.
    started=$(date +%s)
    cargo build --release -p construct -p generate -p upload -p bench-harness -p local-api \
        --bin bench-harness --bin local-api --bench handler
    echo "took $(($(date +%s) - started)) s" | tee -a "$results"
}

size() {
    step "Size of each bootstrap and of its deployment zip"
    for function in "${functions[@]}"; do
        bootstrap=target/lambda/$function/bootstrap
        zip=target/lambda-zip/$function/bootstrap.zip
        [[ -f $bootstrap && -f $zip ]] || fail "$bootstrap or $zip is missing; run bench/run.sh build"
        awk -v name="$function" -v bootstrap="$(stat -c %s "$bootstrap")" -v zip="$(stat -c %s "$zip")" \
            'BEGIN { printf "%-10s bootstrap %9d bytes (%.2f MB)   zip %9d bytes (%.2f MB)\n",
                     name, bootstrap, bootstrap / 1e6, zip, zip / 1e6 }' |
            tee -a "$results"
    done
}

cold() {
    for function in "${functions[@]}"; do
        step "Cold start of $function: $runs fresh processes"
        record "$harness" cold-start --function "$function" \
            --bootstrap "target/lambda/$function/bootstrap" --runs "$runs" \
            --log "target/bench-logs/cold-$function.log"
    done
    if command -v hyperfine >/dev/null; then
        # A cross-check with a public tool: the bootstrap starts, builds its clients and its
        # router, finds nothing listening at the runtime API and exits.
        step "Start-up alone: bootstrap to its first runtime API call (refused), hyperfine"
        for function in "${functions[@]}"; do
            record hyperfine --warmup 3 --runs 30 --ignore-failure --style basic \
                "env -i AWS_LAMBDA_RUNTIME_API=127.0.0.1:9 AWS_LAMBDA_FUNCTION_NAME=$function AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128 AWS_LAMBDA_FUNCTION_VERSION=1 AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=example AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_S3_BUCKET=charts CHART_IMG_BASE_URL=http://127.0.0.1:9 HOME=/nonexistent target/lambda/$function/bootstrap"
        done
    else
        echo "hyperfine not found (apt-get install hyperfine); skipping the start-up cross-check" |
            tee -a "$results"
    fi
}

warm() {
    step "Warm invocations through the runtime API, one at a time"
    record "$harness" warm --function construct --bootstrap target/lambda/construct/bootstrap \
        --invocations 5000 --log target/bench-logs/warm-construct.log
    record "$harness" warm --function generate --bootstrap target/lambda/generate/bootstrap \
        --invocations 1000 --log target/bench-logs/warm-generate.log
    record "$harness" warm --function upload --image png \
        --bootstrap target/lambda/upload/bootstrap --invocations 1000 \
        --log target/bench-logs/warm-upload.log
    record "$harness" warm --function upload --image jpeg \
        --bootstrap target/lambda/upload/bootstrap --invocations 300 \
        --log target/bench-logs/warm-upload.log
}

criterion() {
    step "Handlers alone: criterion over the router in ApiService (tower oneshot)"
    record cargo bench -p construct -p generate -p upload --bench handler
    step "The construct parser alone"
    record cargo bench -p shared --bench construct
}

load() {
    step "Each function's router on loopback, 20 concurrent clients"
    record "$harness" load --function construct --clients 20 --requests 20000 \
        --log target/bench-logs/load-construct.log
    record "$harness" load --function generate --clients 20 --requests 2000 \
        --log target/bench-logs/load-generate.log
    record "$harness" load --function upload --image png --clients 20 --requests 2000 \
        --log target/bench-logs/load-upload.log
    record "$harness" load --function upload --image jpeg --clients 20 --requests 500 \
        --log target/bench-logs/load-upload.log
}

local_api() {
    step "The local API (target/release/local-api, embedded store), 20 concurrent clients"
    record "$harness" load --local-api target/release/local-api --function construct \
        --clients 20 --requests 20000 --log target/bench-logs/local-api.log
    record "$harness" load --local-api target/release/local-api --function upload --image png \
        --clients 20 --requests 2000 --log target/bench-logs/local-api.log
    record "$harness" load --local-api target/release/local-api --function upload --image jpeg \
        --clients 20 --requests 500 --log target/bench-logs/local-api.log
}

steps=("$@")
[[ ${#steps[@]} -gt 0 ]] || steps=(build size cold warm criterion load local-api)
describe_machine
for name in "${steps[@]}"; do
    case $name in
    build | size | cold | warm | criterion | load) "$name" ;;
    local-api) local_api ;;
    -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' ;;
    *) fail "unknown step $name; run bench/run.sh --help" ;;
    esac
done
echo "results: $results"
