#!/usr/bin/env bash
# Builds the libFuzzer target in Fuzz/ (ROP input path + LZ77) with ASan and runs it.
#   Scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]
# The corpus lives in Fuzz/corpus (git-ignored) and is seeded from valid buffers each run; crashes
# are written to Fuzz/crash-* and make the script fail. Fuzz/regressions/ holds inputs that once
# failed; they are replayed first.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
export PATH="/opt/swift/usr/bin:$PATH"

SECONDS_TO_RUN="${1:-60}"
shift || true

swift build -c release --product HeraldFuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
BINARY="$(swift build -c release --product HeraldFuzz --show-bin-path)/HeraldFuzz"

mkdir -p corpus
HERALD_FUZZ_WRITE_SEEDS="$PWD/corpus" "$BINARY"

# Inputs that once failed must keep passing (run each once, no fuzzing).
"$BINARY" regressions/*

# -rss_limit_mb: payloads are at most 64 KiB, so anything near this is a leak or a bomb.
"$BINARY" corpus \
  -max_total_time="$SECONDS_TO_RUN" \
  -max_len=70000 \
  -rss_limit_mb=2048 \
  -timeout=10 \
  -artifact_prefix=./ \
  -print_final_stats=1 \
  "$@"
