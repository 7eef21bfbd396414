import { describe, expect, it } from 'vitest';
import { CachedClientStore } from '../../src/oauth/clients/cached-client-store.js';
import type { Client, ClientStore } from '../../src/oauth/clients/client.js';
import { allowsWebOrigin } from '../../src/oauth/clients/web-origins.js';
import { TestClock } from '../support/test-clock.js';

function memoryStore(): ClientStore & { reads: number; originReads: number; clients: Map<string, Client> } {
  const clients = new Map<string, Client>();
  const store = {
    reads: 0,
    originReads: 0,
    clients,
    create: async (client: Client) => void clients.set(client.id, client),
    findById: async (id: string) => {
      store.reads++;
      return clients.get(id);
    },
    list: async () => [...clients.values()],
    delete: async (id: string) => clients.delete(id),
    anyClientAllowsOrigin: async (origin: string) => {
      store.originReads++;
      return [...clients.values()].some((c) => allowsWebOrigin(c, origin));
    },
  };
  return store;
}

const client = {
  id: 'c1',
  name: 'one',
  redirectUris: ['https://one.example.com/cb'],
  allowedOrigins: [],
} as unknown as Client;
const ORIGIN = 'https://one.example.com';

describe('client cache', () => {
  it('serves a client from memory within the TTL and reads it again after', async () => {
    const inner = memoryStore();
    const clock = new TestClock();
    const cached = new CachedClientStore(inner, clock, 5000);
    await inner.create(client);
    await cached.findById('c1');
    await cached.findById('c1');
    expect(inner.reads).toBe(1);
    clock.advanceSeconds(6);
    await cached.findById('c1');
    expect(inner.reads).toBe(2);
  });

  it('forgets a client deleted through it at once', async () => {
    const inner = memoryStore();
    const cached = new CachedClientStore(inner, new TestClock(), 5000);
    await cached.create(client);
    expect(await cached.findById('c1')).toBeDefined();
    expect(await cached.delete('c1')).toBe(true);
    expect(await cached.findById('c1')).toBeUndefined();
  });

  it('sees a deletion made elsewhere once the TTL has passed', async () => {
    const inner = memoryStore();
    const clock = new TestClock();
    const cached = new CachedClientStore(inner, clock, 5000);
    await inner.create(client);
    await cached.findById('c1');
    inner.clients.delete('c1');
    clock.advanceSeconds(5);
    expect(await cached.findById('c1')).toBeUndefined();
  });

  it('does not cache unknown ids, so they cannot fill memory or hide a client created later', async () => {
    const inner = memoryStore();
    const cached = new CachedClientStore(inner, new TestClock(), 5000);
    expect(await cached.findById('c1')).toBeUndefined();
    await inner.create(client);
    expect(await cached.findById('c1')).toBeDefined();
  });

  it('remembers an origin some client allows within the TTL, and asks again after', async () => {
    const inner = memoryStore();
    const clock = new TestClock();
    const cached = new CachedClientStore(inner, clock, 5000);
    await inner.create(client);
    expect(await cached.anyClientAllowsOrigin(ORIGIN)).toBe(true);
    expect(await cached.anyClientAllowsOrigin(ORIGIN)).toBe(true);
    expect(inner.originReads).toBe(1);
    clock.advanceSeconds(6);
    await cached.anyClientAllowsOrigin(ORIGIN);
    expect(inner.originReads).toBe(2);
  });

  it('does not remember origins no client allows, so Origin headers cannot fill memory or hide a later client', async () => {
    const inner = memoryStore();
    const cached = new CachedClientStore(inner, new TestClock(), 5000);
    expect(await cached.anyClientAllowsOrigin(ORIGIN)).toBe(false);
    await inner.create(client);
    expect(await cached.anyClientAllowsOrigin(ORIGIN)).toBe(true);
  });

  it('forgets allowed origins at once when a client is deleted through it', async () => {
    const inner = memoryStore();
    const cached = new CachedClientStore(inner, new TestClock(), 5000);
    await cached.create(client);
    expect(await cached.anyClientAllowsOrigin(ORIGIN)).toBe(true);
    await cached.delete('c1');
    expect(await cached.anyClientAllowsOrigin(ORIGIN)).toBe(false);
  });
});
