#!/usr/bin/env bash
# Sums the sizes of a binary's code and data symbols by the crate that defines them, largest
# first, as a rough map of what makes a bootstrap big. The binary must keep its symbol table:
#
#   CARGO_PROFILE_RELEASE_STRIP=none cargo lambda build --release --x86-64 -p upload \
#       --lambda-dir target/lambda-symbols
#   bench/size-by-crate.sh target/lambda-symbols/upload/bootstrap
#
# A Rust symbol counts for the first path segment of its demangled name, so generic code
# instantiated for another crate's types counts for the crate that defines the function
# (`core::ptr::drop_in_place<aws_sdk_s3::...>` counts for core). C symbols of the two crypto
# libraries count for aws-lc and ring by their name prefixes; other C symbols count as `[C]`.
set -euo pipefail

binary=${1:?usage: bench/size-by-crate.sh BINARY [ROWS]}
rows=${2:-25}
command -v nm >/dev/null || { echo "nm not found; install binutils" >&2; exit 1; }

nm --print-size --size-sort --radix=d --demangle=rust "$binary" |
    awk -v rows="$rows" '
    NF >= 4 && $3 ~ /^[tTrRdDbB]$/ {
        size = $2 + 0
        name = $4
        for (i = 5; i <= NF; i++) name = name " " $i
        sub(/^<+/, "", name)
        sub(/^(impl |dyn )/, "", name)
        if (name ~ /^aws_lc_[0-9]/ || name ~ /^aws_lc_/) crate = "aws-lc (C)"
        else if (name ~ /^ring_core_/) crate = "ring (C)"
        else if (index(name, "::") > 0) { crate = name; sub(/::.*/, "", crate); sub(/[<> ].*/, "", crate) }
        else crate = "[C]"
        total[crate] += size
        all += size
    }
    END {
        for (crate in total) printf "%10d %5.1f%%  %s\n", total[crate], 100 * total[crate] / all, crate | "sort -rn | head -n " rows
        close("sort -rn | head -n " rows)
        printf "%10d 100.0%%  all symbols\n", all
    }'
