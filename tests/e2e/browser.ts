/**
 * Which Chromium the tests drive: $CHROME_PATH, else /usr/bin/chromium, else the one packed in
 * the @sparticuz/chromium npm package (unpacked into the temp folder on first use). Playwright's
 * own browser download is not needed.
 */
import { existsSync } from 'node:fs';

/** Flags that work in containers and CI: no sandbox, no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Returns the path of a Chromium executable, unpacking @sparticuz/chromium if nothing else is there. */
export async function chromiumPath(): Promise<string> {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  // Importing it also points FONTCONFIG_PATH and LD_LIBRARY_PATH at its bundled fonts and libraries.
  const { default: chromium } = await import('@sparticuz/chromium');
  return chromium.executablePath();
}
