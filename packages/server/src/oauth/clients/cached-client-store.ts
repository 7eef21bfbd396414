// A ClientStore wrapper that keeps recently read clients, and web origins some client allows, in memory for a few
// seconds: every token request and authorization reads its client, every CORS preflight asks for its origin, and
// clients change rarely. Changes made through this wrapper apply at once; changes made elsewhere (the CLI, another
// instance) apply within `ttlMs`.
import type { Clock } from '../../clock.js';
import { ShortLivedCache } from '../../short-lived-cache.js';
import type { Client, ClientStore } from './client.js';

export const CLIENT_CACHE_TTL_MS = 5_000;

export class CachedClientStore implements ClientStore {
  readonly #inner: ClientStore;
  readonly #clients: ShortLivedCache<Client>;
  /** Origins some client allowed; an origin none allows is not kept (see anyClientAllowsOrigin). */
  readonly #allowedOrigins: ShortLivedCache<true>;

  constructor(inner: ClientStore, clock: Clock, ttlMs = CLIENT_CACHE_TTL_MS) {
    this.#inner = inner;
    this.#clients = new ShortLivedCache(clock, ttlMs);
    this.#allowedOrigins = new ShortLivedCache(clock, ttlMs);
  }

  findById(id: string): Promise<Client | undefined> {
    // Only clients that exist are cached: unknown ids cannot fill the cache.
    return this.#clients.get(id, () => this.#inner.findById(id));
  }

  async create(client: Client): Promise<void> {
    await this.#inner.create(client);
    this.#clients.forget(client.id);
  }

  list(): Promise<Client[]> {
    return this.#inner.list();
  }

  async delete(id: string): Promise<boolean> {
    this.#clients.forget(id);
    // Which origins were this client's alone is not known here; deletions are rare, so all are asked again.
    this.#allowedOrigins.clear();
    return this.#inner.delete(id);
  }

  async anyClientAllowsOrigin(origin: string): Promise<boolean> {
    // As for ids: only origins that some client allows are kept, so arbitrary Origin headers cannot fill memory,
    // and a client registered later for an origin is seen at once.
    const allowed = await this.#allowedOrigins.get(origin, async () =>
      (await this.#inner.anyClientAllowsOrigin(origin)) ? true : undefined,
    );
    return allowed === true;
  }
}
