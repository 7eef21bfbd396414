// A ClientStore wrapper that keeps recently read clients, and web origins some client allows, in memory for a few
// seconds: every token request and authorization reads its client, every CORS preflight asks for its origin, and
// clients change rarely. Changes made through this wrapper apply at once; changes made elsewhere (the CLI, another
// instance) apply within `ttlMs`.
import type { Clock } from '../../clock.js';
import type { Client, ClientStore } from './client.js';

export const CLIENT_CACHE_TTL_MS = 5_000;
const MAX_CACHED_CLIENTS = 10_000;

export class CachedClientStore implements ClientStore {
  readonly #inner: ClientStore;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { client: Client; expiresAt: number }>();
  /** Origins some client allowed, until when; an origin none allows is not kept (see anyClientAllowsOrigin). */
  readonly #allowedOrigins = new Map<string, number>();

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
    // Which origins were this client's alone is not known here; deletions are rare, so all are asked again.
    this.#allowedOrigins.clear();
    return this.#inner.delete(id);
  }

  async anyClientAllowsOrigin(origin: string): Promise<boolean> {
    const now = this.#clock.now();
    const expiresAt = this.#allowedOrigins.get(origin);
    if (expiresAt !== undefined && expiresAt > now) return true;
    const allowed = await this.#inner.anyClientAllowsOrigin(origin);
    // As for ids: only origins that some client allows are kept, so arbitrary Origin headers cannot fill memory,
    // and a client registered later for an origin is seen at once.
    if (allowed) {
      if (this.#allowedOrigins.size >= MAX_CACHED_CLIENTS) this.#allowedOrigins.clear();
      this.#allowedOrigins.set(origin, now + this.#ttlMs);
    } else {
      this.#allowedOrigins.delete(origin);
    }
    return allowed;
  }
}
