#!/usr/bin/env bash
# The whole test suite: system packages, type check, lint, unit and integration tests, browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
npx tsc -p tsconfig.json --noEmit
npx biome check .
# The station pages and the console are built first: some cross-process tests load them.
npm run build
npx vitest run
npx playwright test
