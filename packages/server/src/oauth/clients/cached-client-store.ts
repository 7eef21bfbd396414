// A ClientStore wrapper that keeps recently read clients in memory for a few seconds: every token request and
// authorization reads its client, and clients change rarely. Changes made through this wrapper apply at once;
// changes made elsewhere (the CLI, another instance) apply within `ttlMs`.
import type { Clock } from '../../clock.js';
import type { Client, ClientStore } from './client.js';

export const CLIENT_CACHE_TTL_MS = 5_000;
const MAX_CACHED_CLIENTS = 10_000;

export class CachedClientStore implements ClientStore {
  readonly #inner: ClientStore;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { client: Client; expiresAt: number }>();

  constructor(inner: ClientStore, clock: Clock, ttlMs = CLIENT_CACHE_TTL_MS) {
    this.#inner = inner;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  async findById(id: string): Promise<Client | undefined> {
    const now = this.#clock.now();
    const entry = this.#entries.get(id);
    if (entry && entry.expiresAt > now) return entry.client;
    const client = await this.#inner.findById(id);
    // Only clients that exist are cached: unknown ids cannot fill the cache.
    if (client) {
      if (this.#entries.size >= MAX_CACHED_CLIENTS) this.#entries.clear();
      this.#entries.set(id, { client, expiresAt: now + this.#ttlMs });
    } else {
      this.#entries.delete(id);
    }
    return client;
  }

  async create(client: Client): Promise<void> {
    await this.#inner.create(client);
    this.#entries.delete(client.id);
  }

  list(): Promise<Client[]> {
    return this.#inner.list();
  }

  async delete(id: string): Promise<boolean> {
    this.#entries.delete(id);
    return this.#inner.delete(id);
  }
}
