// The screenshots the browser tests take of Tessera's pages, under e2e/screenshots/ (git ignores the images: look at
// them after a run).
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const SCREENSHOTS_DIR = fileURLToPath(new URL('../screenshots/', import.meta.url));
export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 390, height: 844 };

/** The whole page at `name`.png, at the viewport it has. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS_DIR}${name}.png`, fullPage: true });
}

/** The whole page at desktop and at mobile width (`name`-desktop.png, `name`-mobile.png), then back at desktop. */
export async function screenshotAtBothWidths(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['mobile', MOBILE],
  ] as const) {
    await page.setViewportSize(viewport);
    await screenshot(page, `${name}-${size}`);
  }
  await page.setViewportSize(DESKTOP);
}
