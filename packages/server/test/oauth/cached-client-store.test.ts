import { describe, expect, it } from 'vitest';
import { CachedClientStore } from '../../src/oauth/clients/cached-client-store.js';
import type { Client, ClientStore } from '../../src/oauth/clients/client.js';
import { TestClock } from '../support/test-clock.js';

function memoryStore(): ClientStore & { reads: number; clients: Map<string, Client> } {
  const clients = new Map<string, Client>();
  const store = {
    reads: 0,
    clients,
    create: async (client: Client) => void clients.set(client.id, client),
    findById: async (id: string) => {
      store.reads++;
      return clients.get(id);
    },
    list: async () => [...clients.values()],
    delete: async (id: string) => clients.delete(id),
  };
  return store;
}

const client = { id: 'c1', name: 'one' } as Client;

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
});
