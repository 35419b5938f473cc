// A tiny authoritative DNS server on 127.0.0.1:$E2E_DNS_PORT for the end-to-end tests' FCrDNS checks.
// Zone: 203.0.113.7 <-> api.e2e.example (and 2001:db8::7); every other name is NXDOMAIN.
import dgram from "node:dgram";
import dnsPacket from "dns-packet";

const port = Number(process.env.E2E_DNS_PORT ?? 5399);
const zone = {
  PTR: { "7.113.0.203.in-addr.arpa": ["api.e2e.example"] },
  A: { "api.e2e.example": ["203.0.113.7"] },
  AAAA: { "api.e2e.example": ["2001:db8::7"] },
};
const socket = dgram.createSocket("udp4");
socket.on("message", (msg, rinfo) => {
  const q = dnsPacket.decode(msg);
  const question = q.questions?.[0];
  const records = question ? (zone[question.type]?.[question.name.toLowerCase()] ?? []) : [];
  const known = question && Object.values(zone).some((t) => t[question.name.toLowerCase()]);
  const answers = records.map((data) => ({ type: question.type, class: "IN", name: question.name, ttl: 5, data }));
  socket.send(
    dnsPacket.encode({
      id: q.id,
      type: "response",
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (known ? 0 : 3),
      questions: q.questions,
      answers,
    }),
    rinfo.port,
    rinfo.address,
  );
});
socket.on("error", (e) => {
  console.error(`[e2e dns] ${e.message}`); // e.g. another run's server already answers on this port
  process.exit(0);
});
socket.bind(port, "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
// Ends with the test web server that started it (its PID is passed in), so no process lingers.
const parent = Number(process.env.E2E_DNS_PARENT ?? 0);
if (parent) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
