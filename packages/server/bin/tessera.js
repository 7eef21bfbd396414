#!/usr/bin/env node
// The `tessera` command: runs the compiled CLI (npm run build, or npm start, compiles it).
try {
  await import('../dist/bin/tessera.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin/tessera.js')) {
    process.stderr.write(
      'tessera: not built yet; run `npm run build` (or `npm start`) in the Tessera checkout first\n',
    );
    process.exit(1);
  }
  throw error;
}
