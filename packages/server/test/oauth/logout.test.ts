// RP-initiated logout's decisions as units (oauth/logout/): when to ask, which address a confirmation may go back
// to, and which sessions end.
import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/oauth/clients/client.js';
import { completeLogout } from '../../src/oauth/logout/complete-logout.js';
import {
  type LogoutRequest,
  LogoutRequestError,
  logoutNeedsConfirmation,
} from '../../src/oauth/logout/logout-request.js';
import { readLogoutConfirmation } from '../../src/oauth/logout/read-logout-confirmation.js';

const hint = (sid: string | undefined, current = true) => ({ aud: 'app', sub: 'u1', sid, current });
const request = (hinted?: LogoutRequest['hinted'], uri?: string, state?: string): LogoutRequest => ({
  postLogoutRedirectUri: uri,
  state,
  hinted,
});

/** Records which sessions a logout ends. */
function recordingSessions() {
  const ended: string[] = [];
  return {
    ended,
    end: async (cookie: string | undefined) => {
      if (cookie) ended.push(`cookie:${cookie}`);
    },
    endBySid: async (sid: string, userId: string) => {
      ended.push(`sid:${sid}:${userId}`);
    },
  };
}

describe('logout', () => {
  it('asks the signed-in user unless the hint names this very session', () => {
    expect(logoutNeedsConfirmation(request(), { sid: 's1' })).toBe(true);
    expect(logoutNeedsConfirmation(request(hint(undefined)), { sid: 's1' })).toBe(true);
    expect(logoutNeedsConfirmation(request(hint('s2')), { sid: 's1' })).toBe(true);
    expect(logoutNeedsConfirmation(request(hint('s1')), { sid: 's1' })).toBe(false);
  });

  it('a confirmation goes back only to an address some client registered, with its state', async () => {
    const clients = {
      list: async () => [{ postLogoutRedirectUris: ['https://app.example.com/bye'] } as Client],
    };
    expect(await readLogoutConfirmation(clients, 'https://app.example.com/bye', 'xyz')).toEqual(
      request(undefined, 'https://app.example.com/bye', 'xyz'),
    );
    await expect(readLogoutConfirmation(clients, 'https://evil.example/bye', 'xyz')).rejects.toBeInstanceOf(
      LogoutRequestError,
    );
    expect(await readLogoutConfirmation(clients, undefined, 'xyz')).toEqual(request());
  });

  it("ends the browser's session and the current hint's, and answers the address with the state", async () => {
    const sessions = recordingSessions();
    const to = await completeLogout(
      sessions,
      request(hint('s9'), 'https://app.example.com/bye?x=1', 'st'),
      'cookie-1',
    );
    expect(sessions.ended).toEqual(['cookie:cookie-1', 'sid:s9:u1']);
    expect(to).toBe('https://app.example.com/bye?x=1&state=st');
  });

  it('an expired hint ends no session of its own, and without an address the answer is the page', async () => {
    const sessions = recordingSessions();
    expect(await completeLogout(sessions, request(hint('s9', false)), undefined)).toBeUndefined();
    expect(sessions.ended).toEqual([]);
  });
});
