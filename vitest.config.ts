import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,firmware-config,kiosk,hub,scripts}/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
