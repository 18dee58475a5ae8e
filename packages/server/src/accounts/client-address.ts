/**
 * Which X-Forwarded-For is believed. Only the load balancer's own connection is judged: when
 * the peer is one of the configured proxies, the address that proxy appended (the last of the
 * header) is the client, and nothing further left is believed, even an address that is also a
 * proxy's. Walking further (proxy-addr's default with a list) would let a client on the
 * balancer's own host, or one that writes the balancer's address into the header, choose the
 * address its sign-in attempts count under. With no proxies configured (the default), the
 * header is ignored and the peer's address is the client's.
 */
import proxyAddr from '@fastify/proxy-addr';

export function trustOneHop(proxies: readonly string[]): (address: string, hop: number) => boolean {
  if (proxies.length === 0) return () => false;
  const isProxy = proxyAddr.compile([...proxies]);
  return (address, hop) => hop === 0 && isProxy(address, hop);
}
