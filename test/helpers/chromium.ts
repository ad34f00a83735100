/**
 * Real headless Chromium for browser tests: Debian's /usr/bin/chromium (or CHROMIUM_PATH) driven by
 * playwright-core. Never downloads a browser.
 */
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** Path of the Chromium binary the tests drive. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags every test browser gets (no sandbox as root, no GPU, no network chatter). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/**
 * Launches headless Chromium.
 * @param options.sound also pass `--autoplay-policy=no-user-gesture-required` so audio can start.
 */
export async function launchChromium(options: { sound?: boolean; extraArgs?: string[] } & LaunchOptions = {}): Promise<Browser> {
  const { sound, extraArgs, ...rest } = options;
  const args = [...CHROMIUM_ARGS, ...(sound ? ['--autoplay-policy=no-user-gesture-required'] : []), ...(extraArgs ?? [])];
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args, ...rest });
}
