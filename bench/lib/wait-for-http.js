// Polls a URL until it answers 200 (returning the parsed JSON), failing fast if the server process dies first.
import { setTimeout as sleep } from 'node:timers/promises';
import { outputTail } from './processes.js';

export async function waitForJson(url, child, { timeoutMs = 20_000, label = 'server' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${label} exited (${child.exitCode ?? child.signalCode}) before ${url} answered:\n${outputTail(child)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return await response.json();
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = error.cause?.code ?? error.message;
    }
    await sleep(100);
  }
  throw new Error(
    `${label}: ${url} did not answer 200 within ${timeoutMs} ms (${lastProblem}):\n${outputTail(child)}`,
  );
}
