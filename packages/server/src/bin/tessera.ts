// Entry point of the `tessera` command: runs the command line on this process's arguments and streams.
import { runTessera } from '../cli/run-tessera.js';

process.exitCode = await runTessera(process.argv.slice(2));
// A failed command ends the process at once, as it always has, even if something it opened still holds the event
// loop (a PostgreSQL pool's idle connections); one that succeeded ends when its work does (serve: at a signal).
if (process.exitCode !== 0) process.exit();
