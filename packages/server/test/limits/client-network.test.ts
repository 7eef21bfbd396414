import { describe, expect, it } from 'vitest';
import { throttledNetwork } from '../../src/limits/client-network.js';

describe('throttledNetwork', () => {
  it('keeps IPv4 addresses, unwraps IPv4-mapped IPv6 and reduces IPv6 to its /64', () => {
    expect(throttledNetwork('192.0.2.7')).toBe('192.0.2.7');
    expect(throttledNetwork('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(throttledNetwork('2001:db8:aa:1:1234:5678:9abc:def0')).toBe('2001:db8:aa:1::/64');
    expect(throttledNetwork('2001:0DB8:00aa:0001::1')).toBe('2001:db8:aa:1::/64');
    expect(throttledNetwork('::1')).toBe('::/64');
  });
});
