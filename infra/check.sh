#!/usr/bin/env bash
# Checks the deployment offline, with neither AWS credentials nor Docker: lints template.yaml
# with cfn-lint and `sam validate --lint`, scans it with checkov, builds the three functions
# with `sam build` and compares the template's routes with the function crates.
#
# Usage: infra/check.sh [--skip-build] [VENV]
#
#   VENV          virtualenv for the Python tools (also read from $VENV); default .venv at the
#                 repository root. checkov gets a virtualenv of its own at VENV/checkov, because
#                 its pinned dependencies conflict with aws-sam-cli's. The first run installs the
#                 versions pinned in infra/requirements-*.txt from PyPI.
#   --skip-build  skip the release build, which takes minutes, while iterating on the template.
#
# The build runs for x86_64, the only Rust target that CI machines have; deploys default to arm64.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
functions=(construct generate upload)

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

fail() {
    printf '\ncheck.sh: FAILED: %s\n' "$*" >&2
    exit 1
}

step() {
    printf '\n==> %s\n' "$*"
}

skip_build=false
venv=${VENV:-}
for argument in "$@"; do
    case $argument in
    --skip-build) skip_build=true ;;
    -h | --help)
        usage
        exit 0
        ;;
    -*) fail "unknown option $argument; run infra/check.sh --help" ;;
    *) venv=$argument ;;
    esac
done
venv=${venv:-$root/.venv}
mkdir -p "$venv"
venv=$(cd "$venv" && pwd)

cd "$root"
# SAM CLI sends usage data to AWS unless this is 0. checkov runs with --skip-download below.
export SAM_CLI_TELEMETRY=0

# Installs a requirements file into a virtualenv, unless the same file was installed before.
install_requirements() {
    local environment=$1 requirements=$2
    local stamp=$environment/.installed-requirements.txt
    if [[ -f $stamp ]] && cmp -s "$requirements" "$stamp"; then
        echo "up to date: $environment"
        return
    fi
    if [[ ! -x $environment/bin/python ]]; then
        python3 -m venv "$environment" ||
            fail "cannot create a virtualenv at $environment; install python3-venv (3.9 or later)"
    fi
    echo "installing $requirements into $environment"
    "$environment/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" ||
        fail "pip could not install $requirements into $environment; check access to PyPI"
    cp "$requirements" "$stamp"
}

step "Tools in $venv"
install_requirements "$venv" infra/requirements-sam.txt
install_requirements "$venv/checkov" infra/requirements-checkov.txt
# The virtualenv comes first on PATH, and CARGO_ZIGBUILD_ZIG_PATH names its Zig, so cargo-lambda
# links with the pinned ziglang even where another zig is installed.
export PATH=$venv/bin:$PATH
CARGO_ZIGBUILD_ZIG_PATH=$(python -c 'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
export CARGO_ZIGBUILD_ZIG_PATH
command -v cargo >/dev/null || fail "cargo not found; install Rust 1.95 with rustup"
echo "sam:          $(sam --version)"
echo "cfn-lint:     $(cfn-lint --version)"
echo "cargo-lambda: $(cargo lambda --version)"
echo "zig:          $("$CARGO_ZIGBUILD_ZIG_PATH" version) ($CARGO_ZIGBUILD_ZIG_PATH)"
echo "checkov:      $("$venv/checkov/bin/checkov" --version)"
echo "cargo:        $(cargo --version)"

step "cfn-lint template.yaml (errors and warnings fail)"
cfn-lint template.yaml || fail "cfn-lint reported the findings above; fix them in template.yaml"
echo "no findings"

step "sam validate --lint"
validate_output=$(sam validate --lint 2>&1) || {
    echo "$validate_output"
    fail "sam validate --lint reported the findings above"
}
echo "$validate_output"
[[ $(grep -c . <<<"$validate_output") -eq 1 && $validate_output == *"is a valid SAM Template"* ]] ||
    fail "sam validate --lint printed more than its one success line; treat it as a warning and fix it"

step "checkov (a finding is allowed only as a skip with a reason in the template)"
"$venv/bin/python" - <<'PYTHON' || fail "give every checkov skip in template.yaml a one-line comment"
import sys
from samcli.yamlhelper import yaml_parse

template = yaml_parse(open("template.yaml").read())
bad = []
for name, resource in template["Resources"].items():
    for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
        comment = str(skip.get("comment", "")).strip()
        if not comment or "\n" in comment:
            bad.append(f"{name}: {skip.get('id')}")
        else:
            print(f"skipped {skip['id']} on {name}: {comment}")
if bad:
    print("skips without a one-line comment:", ", ".join(bad), file=sys.stderr)
    sys.exit(1)
PYTHON
"$venv/checkov/bin/checkov" --skip-download --quiet --compact \
    --framework cloudformation --file template.yaml ||
    fail "checkov found the problems above; fix them, or skip one in the resource's Metadata with a reason"

if $skip_build; then
    step "sam build skipped (--skip-build)"
else
    step "sam build --parameter-overrides Architecture=x86_64"
    cargo fetch --locked || fail "cargo fetch failed; Cargo.lock may be out of date (run cargo build)"
    started=$(date +%s)
    # The crates are fetched above, so the build itself must not need the network.
    CARGO_NET_OFFLINE=true sam build --parameter-overrides Architecture=x86_64 ||
        fail "sam build failed; the cargo lambda output above says why"
    echo "sam build took $(($(date +%s) - started)) s"

    step "Each function's bootstrap is an x86-64 ELF executable"
    for function in "${functions[@]}"; do
        logical_id=${function^}Function
        bootstrap=.aws-sam/build/$logical_id/bootstrap
        [[ -f $bootstrap ]] || fail "$bootstrap is missing; sam build did not produce $function"
        python3 - "$bootstrap" <<'PYTHON' || fail "$bootstrap is not an x86-64 ELF executable"
import struct, sys

with open(sys.argv[1], "rb") as file:
    header = file.read(20)
# ELF magic, 64-bit class, little endian, executable or PIE, machine 62 (x86-64).
is_elf64 = header[:4] == b"\x7fELF" and header[4] == 2 and header[5] == 1
file_type, machine = struct.unpack_from("<HH", header, 16)
sys.exit(0 if is_elf64 and file_type in (2, 3) and machine == 62 else 1)
PYTHON
        [[ -x $bootstrap ]] || fail "$bootstrap is not executable"
        echo "$bootstrap: x86-64 ELF, $(($(stat -c %s "$bootstrap") / 1024)) KiB"
    done
fi

step "Template routes match the function crates"
cargo test --locked --package system-tests --test template_routes ||
    fail "template.yaml and the functions' route tables disagree; see the test output above"

printf '\ncheck.sh: all checks passed\n'
