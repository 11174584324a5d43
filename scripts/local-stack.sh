# Starts the chart-img stand-in and the local API on free loopback ports, for the scripts that
# drive a running service (schemathesis, the MCP client, the smoke test). Source it, then call
# `start_local_stack WORK_DIR`; it sets CHART_IMG_URL and API_URL and registers
# `stop_local_stack`, which the caller's EXIT trap must run.
#
# The local API runs in a clean environment: it stores into WORK_DIR/data through its embedded
# S3 store, reaches chart-img only through the stand-in, and fetches `imageUrl` only from the
# stand-in's origin, so no request leaves the machine. Both binaries come from target/debug,
# which `cargo build --workspace` makes.

stack_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
stack_fake_pid=
stack_api_pid=

# Prints a free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Usage: start_local_stack WORK_DIR [FAKE_CHART_IMG_OPTION...]
start_local_stack() {
    local work=$1
    shift
    local fake_bin=$stack_root/target/debug/fake-chart-img
    local api_bin=$stack_root/target/debug/local-api
    for binary in "$fake_bin" "$api_bin"; do
        if [[ ! -x $binary ]]; then
            echo "local-stack: $binary is missing; run: cargo build --workspace" >&2
            return 1
        fi
    done

    # The stand-in prints `listening on http://127.0.0.1:PORT` once it accepts connections.
    "$fake_bin" --port 0 "$@" >"$work/fake.out" 2>"$work/fake.log" &
    stack_fake_pid=$!
    CHART_IMG_URL=
    for _ in $(seq 100); do
        CHART_IMG_URL=$(sed -n 's/^listening on //p' "$work/fake.out")
        [[ -n $CHART_IMG_URL ]] && break
        if ! kill -0 "$stack_fake_pid" 2>/dev/null; then
            echo "local-stack: the chart-img stand-in exited: $(cat "$work/fake.log")" >&2
            return 1
        fi
        sleep 0.1
    done
    if [[ -z $CHART_IMG_URL ]]; then
        echo "local-stack: the chart-img stand-in printed no address within 10 s" >&2
        return 1
    fi

    local port
    port=$(free_port)
    API_URL=http://127.0.0.1:$port
    env -i PATH="$PATH" HOME="$work" RUST_LOG=warn \
        CHART_IMG_BASE_URL="$CHART_IMG_URL" \
        CHART_IMG_API_KEY=test-key \
        CHART_IMG_PLAN=PRO \
        IMAGE_URL_ALLOWED_ORIGINS="$CHART_IMG_URL" \
        "$api_bin" --port "$port" --data-dir "$work/data" >"$work/api.log" 2>&1 &
    stack_api_pid=$!
    for _ in $(seq 100); do
        if curl --silent --fail --max-time 1 "$API_URL/api/v1/health" >/dev/null 2>&1; then
            export CHART_IMG_URL API_URL
            return 0
        fi
        if ! kill -0 "$stack_api_pid" 2>/dev/null; then
            echo "local-stack: the local API exited: $(tail -n 20 "$work/api.log")" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "local-stack: $API_URL/api/v1/health did not respond within 10 s" >&2
    return 1
}

stop_local_stack() {
    local pid
    for pid in "$stack_api_pid" "$stack_fake_pid"; do
        if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    stack_api_pid=
    stack_fake_pid=
}
