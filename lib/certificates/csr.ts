import { AppError, type CsrRefusal } from "@/lib/errors";
import { isDnsName, MAX_CSR_BYTES, TENANT_OU } from "@/lib/certificates/policy";

export { isDnsName };
import { sha256Hex, x509 } from "@/lib/certificates/x509";

export type CertificateScope = { kind: "tenant" } | { kind: "program"; programId: string };

export interface CheckedCsr {
  request: x509.Pkcs10CertificateRequest;
  subject: string;
  keyType: string;
  dnsNames: string[];
  publicKeySha256: string;
  isRsa: boolean;
}

const fail = (code: CsrRefusal, message: string) => new AppError(`CSR_${code}`, message, "csr");

function decodePem(text: string): x509.Pkcs10CertificateRequest {
  // The private-key marker first, whatever the size: an oversized paste that holds a key must still
  // get the "treat that key as exposed" warning. A plain marker test, linear in the input; the text is never kept or logged.
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw fail(
      "PRIVATE_KEY",
      "This is a PRIVATE KEY, not a CSR. It was not stored or logged, but treat that key as exposed: generate a new key pair and submit only its CSR (-----BEGIN CERTIFICATE REQUEST-----).",
    );
  }
  if (Buffer.byteLength(text, "utf8") > MAX_CSR_BYTES) {
    throw fail(
      "TOO_LARGE",
      `The CSR is larger than ${MAX_CSR_BYTES / 1024} KiB; a certificate signing request is normally 1-2 KiB. Paste only the CSR block.`,
    );
  }
  const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)];
  if (blocks.length === 0)
    throw fail(
      "NOT_PEM",
      "This is not PEM: paste the whole CSR, from -----BEGIN CERTIFICATE REQUEST----- to -----END CERTIFICATE REQUEST-----.",
    );
  const csrBlocks = blocks.filter((b) => b[1] === "CERTIFICATE REQUEST" || b[1] === "NEW CERTIFICATE REQUEST");
  if (csrBlocks.length === 0) {
    const kind = blocks[0][1];
    throw fail(
      "WRONG_PEM_TYPE",
      `This PEM is a ${kind}, not a CERTIFICATE REQUEST. Create a CSR with openssl req -new (see the command on this page).`,
    );
  }
  if (csrBlocks.length > 1) throw fail("MULTIPLE", "Submit one CSR at a time.");
  const body = csrBlocks[0][2].replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body))
    throw fail(
      "MALFORMED",
      "The CSR's base64 body is damaged (characters outside base64). Copy it again without changes.",
    );
  try {
    return new x509.Pkcs10CertificateRequest(Buffer.from(body, "base64"));
  } catch {
    throw fail(
      "MALFORMED",
      "The CSR could not be decoded (not a valid PKCS#10 structure). Copy it again without changes, or generate a new one.",
    );
  }
}

function keyTypeOf(alg: Algorithm & { modulusLength?: number; namedCurve?: string }): {
  keyType: string;
  isRsa: boolean;
} {
  if (alg.name === "RSASSA-PKCS1-v1_5" || alg.name === "RSA-PSS" || alg.name === "RSA-OAEP") {
    const bits = alg.modulusLength ?? 0;
    if (bits < 2048)
      throw fail(
        "KEY_TOO_SMALL",
        `RSA keys need at least 2048 bits; this one has ${bits}. Generate a new key with -newkey rsa:2048 (or larger).`,
      );
    if (bits > 8192) throw fail("KEY_TOO_LARGE", `RSA keys may have at most 8192 bits; this one has ${bits}.`);
    return { keyType: `RSA ${bits}`, isRsa: true };
  }
  if (alg.name === "ECDSA" || alg.name === "ECDH") {
    if (alg.namedCurve === "P-256" || alg.namedCurve === "P-384")
      return { keyType: `EC ${alg.namedCurve}`, isRsa: false };
    throw fail("KEY_UNSUPPORTED", `EC curve ${alg.namedCurve ?? "(unknown)"} is not accepted: use P-256 or P-384.`);
  }
  throw fail("KEY_UNSUPPORTED", `${alg.name} keys are not accepted: use RSA (2048-8192 bits) or EC P-256 / P-384.`);
}

function dnsNamesOf(req: x509.Pkcs10CertificateRequest, cn: string | undefined): string[] {
  const sanExt = req.extensions.find((e) => e.type === "2.5.29.17");
  const san = sanExt ? new x509.SubjectAlternativeNameExtension(sanExt.rawData) : null;
  const sanDns = (san?.names.items ?? []).filter((n) => n.type === "dns").map((n) => n.value.toLowerCase());
  const bad = sanDns.find((n) => !isDnsName(n));
  if (bad)
    throw fail(
      "INVALID_DNS_NAME",
      `The SAN DNS name "${bad}" is not a valid host name (wildcards are not accepted on client certificates).`,
    );
  const names = [...sanDns];
  if (cn && isDnsName(cn) && !names.includes(cn.toLowerCase())) names.unshift(cn.toLowerCase());
  if (names.length === 0) {
    throw fail(
      "NO_DNS_NAME",
      `The CSR names no DNS host: ${cn ? `CN "${cn}" is not a host name and ` : ""}there is no subjectAltName DNS entry. Set CN (or a SAN) to the domain your calling IPs' reverse DNS resolves to, e.g. api.example.com.`,
    );
  }
  return names;
}

/**
 * Checks a PEM CSR against the Axys CA policy (docs/certificates.md) for a tenant and scope.
 * Every refusal is a specific CSR_* AppError; the CSR text never appears in an error or a log.
 */
export async function checkCsr(
  text: string,
  expect: { legalName: string; scope: CertificateScope; tenantProgramIds: string[] },
): Promise<CheckedCsr> {
  const request = decodePem(String(text ?? ""));
  // Key policy first: a key the policy refuses (or cannot parse) is the clearer answer than "bad signature".
  let algorithm: Algorithm;
  try {
    algorithm = request.publicKey.algorithm as Algorithm;
  } catch {
    throw fail("KEY_UNSUPPORTED", "The CSR's key type is not supported: use RSA (2048-8192 bits) or EC P-256 / P-384.");
  }
  const { keyType, isRsa } = keyTypeOf(algorithm);
  let valid = false;
  try {
    valid = await request.verify();
  } catch {
    valid = false;
  }
  if (!valid)
    throw fail(
      "BAD_SIGNATURE",
      "The CSR's signature does not verify: it was altered after signing or is corrupt. Generate it again.",
    );

  const name = request.subjectName;
  const o = name.getField("O");
  const ou = name.getField("OU");
  const cn = name.getField("CN")[0];
  const expectedOu = expect.scope.kind === "tenant" ? TENANT_OU : expect.scope.programId;
  if (o.length !== 1 || o[0] !== expect.legalName) {
    throw fail(
      "SUBJECT_O",
      `${o.length ? `The CSR subject O is "${o.join(", ")}"` : "The CSR subject has no O"}, but this tenant's legal name is "${expect.legalName}". Regenerate the CSR with -subj "/O=${expect.legalName}/OU=${expectedOu}/CN=<your host>".`,
    );
  }
  if (ou.length !== 1 || ou[0] !== expectedOu) {
    const got = ou.join(", ");
    const hint =
      expect.scope.kind === "tenant"
        ? `A tenant-level certificate carries OU=${TENANT_OU}.`
        : ou.some((u) => expect.tenantProgramIds.includes(u))
          ? `OU ${got} is another of your programs; this submission is for ${expectedOu}.`
          : ou.length
            ? `OU ${got} is not a program of this tenant.`
            : "";
    throw fail(
      "SUBJECT_OU",
      `The CSR subject OU must be "${expectedOu}"${got ? `, not "${got}"` : " and it has none"}. ${hint}`.trim(),
    );
  }
  const dnsNames = dnsNamesOf(request, cn);
  // PublicKey.rawData is the DER SubjectPublicKeyInfo.
  return {
    request,
    subject: request.subject,
    keyType,
    dnsNames,
    publicKeySha256: sha256Hex(request.publicKey.rawData),
    isRsa,
  };
}
