// Conditions: typed CEL parameters, the tuple's context winning over the request's, and 2000 when unevaluable.
import { describe, expect, it } from 'vitest';
import { type ConditionDefinition, compileCondition, isRebacError } from '../src/index.js';

function condition(expression: string, parameters: ConditionDefinition['parameters']) {
  return compileCondition({ name: 'c', expression, parameters });
}

function codeOf(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isRebacError(error) ? error.code : -1;
  }
}

describe('conditions', () => {
  it('evaluates ints, strings and bools from JSON values', () => {
    const c = condition('x < 100 && name.startsWith("a") && flag', {
      x: { type_name: 'TYPE_NAME_INT' },
      name: { type_name: 'TYPE_NAME_STRING' },
      flag: { type_name: 'TYPE_NAME_BOOL' },
    });
    expect(c.evaluate(undefined, { x: 10, name: 'anne', flag: true })).toBe(true);
    expect(c.evaluate(undefined, { x: 100, name: 'anne', flag: true })).toBe(false);
  });

  it('evaluates timestamps and durations', () => {
    const c = condition('now < grant + ttl', {
      now: { type_name: 'TYPE_NAME_TIMESTAMP' },
      grant: { type_name: 'TYPE_NAME_TIMESTAMP' },
      ttl: { type_name: 'TYPE_NAME_DURATION' },
    });
    const tuple = { grant: '2024-01-01T00:00:00Z', ttl: '1h' };
    expect(c.evaluate(tuple, { now: '2024-01-01T00:59:00Z' })).toBe(true);
    expect(c.evaluate(tuple, { now: '2024-01-01T01:01:00Z' })).toBe(false);
  });

  it('checks IPv4 and IPv6 addresses against CIDRs', () => {
    const c = condition('ip.in_cidr(cidr)', {
      ip: { type_name: 'TYPE_NAME_IPADDRESS' },
      cidr: { type_name: 'TYPE_NAME_STRING' },
    });
    expect(c.evaluate({ cidr: '10.0.0.0/8' }, { ip: '10.1.2.3' })).toBe(true);
    expect(c.evaluate({ cidr: '10.0.0.0/8' }, { ip: '192.168.0.1' })).toBe(false);
    expect(c.evaluate({ cidr: '2001:db8::/32' }, { ip: '2001:db8::1' })).toBe(true);
    expect(codeOf(() => c.evaluate({ cidr: '10.0.0.0/8' }, { ip: 'not-an-ip' }))).toBe(2000);
  });

  it('evaluates lists, maps, uints and doubles', () => {
    const c = condition('user in allowed && limits["reads"] > used && price <= 9.5', {
      user: { type_name: 'TYPE_NAME_STRING' },
      allowed: { type_name: 'TYPE_NAME_LIST', generic_types: [{ type_name: 'TYPE_NAME_STRING' }] },
      limits: { type_name: 'TYPE_NAME_MAP', generic_types: [{ type_name: 'TYPE_NAME_UINT' }] },
      used: { type_name: 'TYPE_NAME_UINT' },
      price: { type_name: 'TYPE_NAME_DOUBLE' },
    });
    const tuple = { allowed: ['anne', 'bob'], limits: { reads: 5 } };
    expect(c.evaluate(tuple, { user: 'anne', used: 4, price: 9.5 })).toBe(true);
    expect(c.evaluate(tuple, { user: 'carl', used: 4, price: 9.5 })).toBe(false);
  });

  it("takes the tuple's value when tuple and request both set a parameter", () => {
    const c = condition('x == 1', { x: { type_name: 'TYPE_NAME_INT' } });
    expect(c.evaluate({ x: 1 }, { x: 2 })).toBe(true);
    expect(c.evaluate({ x: 2 }, { x: 1 })).toBe(false);
  });

  it('raises 2000 for a missing parameter or a value of the wrong type', () => {
    const c = condition('x < 100', { x: { type_name: 'TYPE_NAME_INT' } });
    expect(codeOf(() => c.evaluate(undefined, {}))).toBe(2000);
    expect(codeOf(() => c.evaluate(undefined, { x: 'ten' }))).toBe(2000);
    expect(codeOf(() => c.evaluate(undefined, { x: 1.5 }))).toBe(2000);
  });
});
