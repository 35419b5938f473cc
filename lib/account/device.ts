import { isIP } from "node:net";
import { sha256Hex } from "@/lib/account/tokens";

/** The network an address belongs to, for recognising a device: IPv4 /24, IPv6 /48. */
export function networkOf(ip: string | null | undefined): string {
  const a = (ip ?? "").trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a)?.[1];
  const v4 = mapped ?? (isIP(a) === 4 ? a : null);
  if (v4) return `${v4.split(".").slice(0, 3).join(".")}.0/24`;
  if (isIP(a) === 6) {
    const [head, tail = ""] = a.toLowerCase().split("::");
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const full = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
    return `${full
      .slice(0, 3)
      .map((x) => x.replace(/^0+(?=.)/, ""))
      .join(":")}::/48`;
  }
  return "unknown";
}

/** The device key of a sign-in: SHA-256 of the user agent and the network (not the exact IP, which changes). */
export function deviceKeyOf(request: { ip: string | null; userAgent: string | null }): string {
  return sha256Hex(`${request.userAgent ?? ""}\n${networkOf(request.ip)}`);
}
