#!/usr/bin/env bash
# The whole test suite: system packages, type check, lint, unit and integration tests, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
npx tsc -p tsconfig.json --noEmit
npx biome check .
npx vitest run
npm run build
npx playwright test
