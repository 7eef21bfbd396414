import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './support/chromium.js';

describe('browser tests without Chromium', () => {
  it('are skipped outside CI with one line saying how to install Chromium, and always run under CI=true', () => {
    const lines: string[] = [];
    const tell = (line: string) => lines.push(line);
    const missing = '/nonexistent/chromium';
    expect(chromiumAvailable({ CI: 'true' }, missing, tell)).toBe(true);
    expect(chromiumAvailable({}, missing, tell)).toBe(false);
    expect(chromiumAvailable({}, missing, tell)).toBe(false);
    expect(lines).toEqual([
      `Chromium is not installed at ${missing}: the browser tests are skipped here (install it: apt-get install chromium)\n`,
    ]);
    // Any installed browser binary at the path: here the node binary stands in for it.
    expect(chromiumAvailable({}, process.execPath, tell)).toBe(true);
  });
});
