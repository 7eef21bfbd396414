// Waits for a child server started with spawnNode() to send {port} over IPC, failing if it exits first.
import { outputTail } from './processes.js';

export function waitForIpcPort(child, { label = 'server', timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${label} did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message.port);
    });
    child.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code ?? signal}) while starting:\n${outputTail(child)}`));
    });
  });
}
