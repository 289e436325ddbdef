import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code they test. tests/e2e/ belongs to Playwright (`npm run test:e2e`).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'tests/**'],
    environment: 'node',
  },
});
