// Temporary directories that are removed when done with, and in any case when the process exits (even on Ctrl-C).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set();

export function makeTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  live.add(dir);
  return dir;
}

export function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

process.on('exit', () => {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
});
