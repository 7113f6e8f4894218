#!/usr/bin/env bash
# Extra CI gates that need their own build configuration; .ci/run calls this after `swift test`.
# Each gate is one function; add a function and list it in STEPS to add a gate.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

# libFuzzer + ASan over the ROP input path and the LZ77 codec (Fuzz/, FUZZING.md).
step_fuzz() {
  Scripts/fuzz.sh 60
}

# The notification engine's tests under ThreadSanitizer (waits and publishing from many tasks).
step_engine_tsan() {
  swift test --sanitize=thread --scratch-path .build-tsan --filter NotificationEngineTests
}

STEPS=(
  step_fuzz
  step_engine_tsan
)

for step in "${STEPS[@]}"; do
  echo "=== ci-extras: ${step} ==="
  "${step}"
done
echo "=== ci-extras: all steps passed ==="
