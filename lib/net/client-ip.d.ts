import type { IncomingMessage } from "node:http";
import type { IPv4, IPv6 } from "ipaddr.js";

/** One parsed trusted-proxy range (see parseTrustedProxies). */
export interface TrustedProxy {
  cidr: string;
  range: [IPv4 | IPv6, number];
}

export const CLIENT_IP_HEADER: "x-axys-client-ip";
export function normalizeIp(text: string | null | undefined): string | null;
export function parseTrustedProxies(spec: string | readonly string[] | null | undefined): TrustedProxy[];
export function isTrustedProxy(ip: string | null, trusted: readonly TrustedProxy[]): boolean;
export function clientIpFrom(
  peer: string | null | undefined,
  forwardedFor: string | readonly string[] | null | undefined,
  trusted: readonly TrustedProxy[],
): string;
export function setClientIpHeader(req: IncomingMessage, trusted: readonly TrustedProxy[]): string;
/** Sets a request header (lower-case name) to one value of our own, removing every copy the caller sent (parsed and raw). */
export function replaceRequestHeader(req: IncomingMessage, name: string, value: string): void;
