// The `ipaddress` parameter type of OpenFGA conditions and its `in_cidr` method, over node:net.
import { BlockList, isIP } from 'node:net';

export class IPAddress {
  readonly address: string;
  readonly family: 'ipv4' | 'ipv6';

  private constructor(address: string, family: 'ipv4' | 'ipv6') {
    this.address = address;
    this.family = family;
  }

  /** Parses an IPv4 or IPv6 address, or returns undefined. */
  static parse(text: string): IPAddress | undefined {
    const version = isIP(text);
    if (version === 0) return undefined;
    return new IPAddress(text, version === 4 ? 'ipv4' : 'ipv6');
  }

  /** Whether this address lies in `cidr` (`10.0.0.0/8`, `2001:db8::/32`); throws on a malformed CIDR. */
  inCidr(cidr: string): boolean {
    const slash = cidr.lastIndexOf('/');
    const network = slash < 0 ? '' : cidr.slice(0, slash);
    const prefixText = cidr.slice(slash + 1);
    const version = isIP(network);
    const prefix = Number(prefixText);
    const max = version === 4 ? 32 : 128;
    if (version === 0 || !/^\d{1,3}$/.test(prefixText) || prefix > max) {
      throw new Error(`invalid CIDR '${cidr}'`);
    }
    const family = version === 4 ? 'ipv4' : 'ipv6';
    if (family !== this.family) return false;
    const list = new BlockList();
    list.addSubnet(network, prefix, family);
    return list.check(this.address, family);
  }

  toString(): string {
    return this.address;
  }
}
