// Looks up the handler for a grant_type; grants Tessera does not implement (password, implicit, ...) are refused.
import type { GrantType } from '../clients/client.js';
import { OAuthError } from '../oauth-error.js';
import type { GrantHandler } from './grant-handler.js';

export class GrantRegistry {
  readonly #handlers: Map<string, GrantHandler>;

  constructor(handlers: GrantHandler[]) {
    this.#handlers = new Map<string, GrantHandler>(handlers.map((h) => [h.grantType, h]));
  }

  get(grantType: string): GrantHandler {
    const handler = this.#handlers.get(grantType);
    // RFC 9700 §2.4: the resource owner password credentials grant MUST NOT be used; it never will be here.
    if (!handler) throw new OAuthError('unsupported_grant_type', 'this grant_type is not supported');
    return handler;
  }

  grantTypes(): GrantType[] {
    return [...this.#handlers.values()].map((h) => h.grantType);
  }
}
