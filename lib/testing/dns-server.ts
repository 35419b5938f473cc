import dgram from "node:dgram";
import dnsPacket from "dns-packet";

export interface Zone {
  PTR?: Record<string, string[]>;
  A?: Record<string, string[]>;
  AAAA?: Record<string, string[]>;
}

export { reverseName } from "@/lib/allowlist/fcrdns";

/** A real UDP DNS server on 127.0.0.1 answering from a zone (NXDOMAIN otherwise), for FCrDNS tests. */
export async function startDnsServer(zone: Zone): Promise<{ address: string; close: () => Promise<void> }> {
  const socket = dgram.createSocket("udp4");
  socket.on("message", (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const question = q.questions?.[0];
    const answers: dnsPacket.Answer[] = [];
    if (question) {
      const name = question.name.toLowerCase();
      const records = (zone as Record<string, Record<string, string[]> | undefined>)[question.type]?.[name] ?? [];
      for (const data of records)
        answers.push({ type: question.type, class: "IN", name: question.name, ttl: 5, data } as dnsPacket.Answer);
    }
    const known = question && (["PTR", "A", "AAAA"] as const).some((t) => zone[t]?.[question.name.toLowerCase()]);
    const reply = dnsPacket.encode({
      id: q.id,
      type: "response",
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (known ? 0 : 3), // rcode 3 = NXDOMAIN
      questions: q.questions,
      answers,
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  const { port } = socket.address();
  return { address: `127.0.0.1:${port}`, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
