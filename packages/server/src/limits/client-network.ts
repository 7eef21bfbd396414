// What one client is counted as by every per-client limit. An IPv6 "address" is its /64 network: one subscriber or
// host usually holds a whole /64, so counting single IPv6 addresses would let an attacker start afresh with each of
// 2^64 of them.
import ipaddr from 'ipaddr.js';

/** An IPv4 address (IPv4-mapped IPv6 included), or an IPv6 /64 network; anything else as given. */
export function throttledNetwork(clientAddress: string): string {
  if (!ipaddr.isValid(clientAddress)) return clientAddress;
  const parsed = ipaddr.process(clientAddress);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toNormalizedString()}/64`);
  return `${network.toString()}/64`;
}
