import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(new URL(path, `file://${root}`), 'utf8'));

describe('packaging', () => {
  it('the server package is @tessera/server (the npm name tessera is an unrelated package) with the bin tessera', () => {
    const server = readJson('packages/server/package.json');
    expect(server.name).toBe('@tessera/server');
    expect(server.bin).toEqual({ tessera: './bin/tessera.js' });
  });

  it('`npx tessera` runs this checkout’s CLI from a subdirectory, without installing anything', () => {
    const result = spawnSync('npx', ['--no-install', 'tessera', '--help'], {
      cwd: `${root}packages/verify/src`,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: tessera [options] [command]');
  });

  it('every locked dependency declares support for the Node.js the README promises, so npm ci warns of no engine', () => {
    const promised = semver.minVersion(readJson('package.json').engines.node)?.version ?? '';
    expect(promised).toBe('20.19.0');
    const lock = readJson('package-lock.json') as {
      packages: Record<string, { engines?: { node?: string } }>;
    };
    const unsupported = Object.entries(lock.packages)
      .filter(([, entry]) => typeof entry.engines?.node === 'string')
      .filter(([, entry]) => !semver.satisfies(promised, entry.engines?.node ?? '*'))
      .map(([path, entry]) => `${path} (${entry.engines?.node})`);
    expect(unsupported).toEqual([]);
  });
});
