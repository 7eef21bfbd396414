import { describe, expect, it } from 'vitest';
import { pathOf, queryParamsOf } from '../../src/http/query-string.js';

describe('query-string', () => {
  it('reads the query after the first "?", keeping repeated parameters', () => {
    const params = queryParamsOf('/authorize?client_id=app&scope=openid&scope=email');
    expect(params.get('client_id')).toBe('app');
    expect(params.getAll('scope')).toEqual(['openid', 'email']);
    // RFC 3986 §3.4: "?" may appear unencoded inside a query; it belongs to the value.
    expect(queryParamsOf('/authorize?state=a?b&nonce=n').get('state')).toBe('a?b');
    expect(queryParamsOf('/authorize?state=a?b&nonce=n').get('nonce')).toBe('n');
  });

  it('has no parameters without a query, and the path never carries the query', () => {
    expect([...queryParamsOf('/authorize')]).toEqual([]);
    expect(pathOf('/authorize?code=secret')).toBe('/authorize');
    expect(pathOf('/login')).toBe('/login');
  });
});
