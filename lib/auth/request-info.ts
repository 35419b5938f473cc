/**
 * The caller's IP. Next's server appends the socket address to X-Forwarded-For, so the last entry is
 * the peer; with AXYS_TRUSTED_PROXY_HOPS=N (behind N reverse proxies) the entry N places further left.
 */
export function clientIpOf(headers: Headers): string {
  const hops = Number(process.env.AXYS_TRUSTED_PROXY_HOPS ?? "0");
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const ip = chain[chain.length - 1 - (Number.isInteger(hops) && hops > 0 ? hops : 0)] ?? chain[0] ?? headers.get("x-real-ip") ?? "unknown";
  return ip.replace(/^::ffff:/, "").slice(0, 64);
}
