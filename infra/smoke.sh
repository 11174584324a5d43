#!/usr/bin/env bash
# Runs the main job of the chart service against a running API and checks each step:
#   1. GET  /health                      the API responds
#   2. POST /charts/construct            plain language becomes a chart-img config
#   3. POST /charts/generate persist     chart-img renders it and the image is stored, in one call
#   4. GET  the returned permanent URL   the stored bytes are an image of the stated type
#
# Usage: infra/smoke.sh BASE_URL [API_KEY]
#
#   BASE_URL  the API's base, ending in /api/v1: the ApiUrl output of the stack, or the local
#             server.s address such as http://127.0.0.1:3010/api/v1
#   API_KEY   sent as x-api-key (also read from $CHART_API_KEY); a deployed API needs it
#   REQUEST   plain-language request to chart (environment variable), default below
#
# Needs bash, curl and python3. Each step's response body is kept in a temporary folder, whose
# path is printed when a step fails.
set -euo pipefail

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
    usage
    [[ $# -ge 1 ]] && exit 0
    exit 2
fi
base_url=${1%/}
api_key=${2:-${CHART_API_KEY:-}}
request=${REQUEST:-BTC 4h with RSI and MACD, last month}

for tool in curl python3; do
    command -v "$tool" >/dev/null || { echo "smoke.sh: $tool not found; install it" >&2; exit 2; }
done

work=$(mktemp -d)
keep_work=false
cleanup() {
    if $keep_work; then
        echo "smoke.sh: responses kept in $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

fail() {
    keep_work=true
    printf '\nsmoke.sh: FAILED: %s\n' "$*" >&2
    exit 1
}

step() {
    printf '\n==> %s\n' "$*"
}

# Sends a request, stores the body in $work/NAME and prints the HTTP status.
# Usage: call NAME METHOD URL [JSON_BODY_FILE]
call() {
    local name=$1 method=$2 url=$3 body=${4:-}
    local arguments=(--silent --show-error --max-time 60 --request "$method"
        --output "$work/$name" --write-out '%{http_code}')
    [[ -n $api_key ]] && arguments+=(--header "x-api-key: $api_key")
    [[ -n $body ]] && arguments+=(--header 'content-type: application/json' --data-binary "@$body")
    curl "${arguments[@]}" "$url" || fail "$method $url: curl could not connect (is the API running?)"
}

# Reads the JSON file $work/NAME and prints the value at a path such as data.config, as JSON
# for objects and plainly for strings. Prints nothing when the path is absent.
json_at() {
    python3 - "$work/$1" "$2" <<'PYTHON'
import json, sys

try:
    value = json.load(open(sys.argv[1]))
except ValueError:
    sys.exit(0)
for part in sys.argv[2].split("."):
    value = value.get(part) if isinstance(value, dict) else None
if isinstance(value, str):
    print(value)
elif value is not None:
    print(json.dumps(value))
PYTHON
}

# Fails unless the envelope in $work/NAME has one of the expected statuses and "success": true.
# Usage: expect_success NAME STATUS EXPECTED...
expect_success() {
    local name=$1 status=$2
    shift 2
    local expected=" $* "
    if [[ $expected != *" $status "* || $(json_at "$name" success) != true ]]; then
        local code message
        code=$(json_at "$name" error.code)
        message=$(json_at "$name" error.message)
        fail "$name returned HTTP $status (expected $*)${code:+: $code}${message:+: $message}"
    fi
}

step "GET $base_url/health"
status=$(call health GET "$base_url/health")
expect_success health "$status" 200
echo "status $(json_at health data.status), version $(json_at health data.version)," \
    "chart-img configured: $(json_at health data.services.chartImg.configured)," \
    "S3 configured: $(json_at health data.services.s3.configured)"

step "POST $base_url/charts/construct: \"$request\""
python3 -c 'import json, sys; json.dump({"naturalLanguage": sys.argv[1]}, sys.stdout)' \
    "$request" >"$work/construct-request.json"
status=$(call construct POST "$base_url/charts/construct" "$work/construct-request.json")
[[ $status == 403 && -z $api_key ]] && fail "construct was rejected: pass the API key as the second argument"
expect_success construct "$status" 200
config=$(json_at construct data.config)
[[ -n $config ]] || fail "construct returned no data.config"
echo "config: $config"

step "POST $base_url/charts/generate with persist: true"
python3 -c 'import json, sys; json.dump({"config": json.loads(sys.argv[1]), "persist": True}, sys.stdout)' \
    "$config" >"$work/generate-request.json"
status=$(call generate POST "$base_url/charts/generate" "$work/generate-request.json")
# 201 for a new chart, 200 when the same chart was already stored.
expect_success generate "$status" 201 200
url=$(json_at generate data.url)
[[ $url == http://* || $url == https://* ]] ||
    fail "generate with persist: true returned no permanent data.url (got '${url}')"
echo "url: $url"
echo "stated content type: $(json_at generate data.contentType)"

step "GET $url (no API key: chart URLs are public)"
image_status=$(curl --silent --show-error --max-time 60 --output "$work/image" \
    --write-out '%{http_code} %{content_type}' "$url") || fail "GET $url: curl could not connect"
read -r status content_type <<<"$image_status"
[[ $status == 200 ]] || fail "GET $url returned HTTP $status"
[[ $content_type == image/png || $content_type == image/jpeg || $content_type == image/webp ]] ||
    fail "GET $url has content type '$content_type', expected image/png, image/jpeg or image/webp"
sniffed=$(python3 - "$work/image" <<'PYTHON'
import sys

data = open(sys.argv[1], "rb").read(16)
if data.startswith(b"\x89PNG\r\n\x1a\n"):
    print("image/png")
elif data.startswith(b"\xff\xd8\xff"):
    print("image/jpeg")
elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
    print("image/webp")
PYTHON
)
[[ -n $sniffed ]] || fail "the bytes at $url are not a PNG, JPEG or WebP image"
[[ $sniffed == "$content_type" ]] ||
    fail "$url is served as $content_type but its bytes are $sniffed"
echo "$content_type, $(stat -c %s "$work/image") bytes"

printf '\nsmoke.sh: all steps passed\n'
