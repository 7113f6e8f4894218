#!/usr/bin/env bash
# Notification engine gate: its tests under ThreadSanitizer (waits and publishing from many tasks).
# To be folded into Scripts/ci-extras.sh as a step by the coordinator.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
swift test --sanitize=thread --scratch-path .build-tsan --filter NotificationEngineTests
