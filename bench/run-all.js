// `npm run bench` in this workspace: runs every benchmark here one after another; exits 1 if any of them failed.
// Order: token endpoint, code flow, password sign-in, ReBAC, each in its own process with its own output.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = ['token-endpoint/run.js', 'code-flow/run.js', 'password-sign-in/run.js', 'rebac/run.js'];

let current;
let interrupted = false;
// Ctrl-C reaches the whole process group, so the running benchmark sees SIGINT itself and stops its children;
// SIGTERM is sent to this process only and is passed on.
process.on('SIGINT', () => {
  interrupted = true;
});
process.on('SIGTERM', () => {
  interrupted = true;
  current?.kill('SIGTERM');
});

const failed = [];
for (const [index, script] of BENCHMARKS.entries()) {
  if (interrupted) break;
  if (index > 0) process.stdout.write(`\n${'='.repeat(100)}\n\n`);
  const code = await new Promise((resolve) => {
    current = spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url))], {
      stdio: 'inherit',
    });
    current.once('error', () => resolve(1));
    current.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  current = undefined;
  if (code !== 0) failed.push(script);
}

if (interrupted) {
  process.stdout.write('\nInterrupted: the remaining benchmarks were not run.\n');
  process.exitCode = 130;
} else if (failed.length > 0) {
  process.stdout.write(`\nThese benchmarks failed or had errors: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
