import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './tests/e2e/browser.ts';
import { BASE_SITE, SITE } from './tests/e2e/site.ts';

// Resolved here, in the main process, so the workers find Chromium already unpacked.
const executablePath = await chromiumPath();

/** Browser tests against the built site (`npm run test:e2e` builds it first). */
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  // One worker per core: much of each test is waiting on the browser.
  workers: '100%',
  retries: 0,
  timeout: 60_000,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: SITE.url,
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: `node tests/e2e/static-server.mjs ${SITE.dir} ${SITE.port}`,
      url: SITE.url + '/',
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
    },
    {
      command: `node tests/e2e/static-server.mjs ${BASE_SITE.dir} ${BASE_SITE.port} ${BASE_SITE.base}`,
      url: BASE_SITE.url,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
    },
  ],
});
