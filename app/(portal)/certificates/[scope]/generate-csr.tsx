"use client";
import { ChevronDown, CircleCheck, Download, KeyRound, TriangleAlert } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/form";
import { useConfirmLeave } from "@/components/ui/use-confirm-leave";
import { isDnsName } from "@/lib/certificates/policy";
import { cn } from "@/lib/cn";

/**
 * Generates a key pair and a CSR in this browser (WebCrypto), so the private key never leaves the
 * user's machine: the CSR goes into the submission form, the private key only into a local download
 * (a Blob behind an object URL). The key is never put in a form field, in React state or in a request.
 *
 * Rendered inside the CSR <form>: every button here is type="button" and the controls have no
 * `name`, so nothing of this panel is submitted.
 *
 * A key that is not saved yet (not downloaded, "I saved it elsewhere" not ticked) is reported through
 * `onKeyUnsaved`, so the form refuses to issue a certificate nobody holds the key of, and leaving the page
 * asks first. The form remounts this panel once the certificate is issued, which forgets the key.
 */

const KEY_TYPES = {
  "ec-p256": {
    label: "EC P-256",
    generate: { name: "ECDSA", namedCurve: "P-256" } satisfies EcKeyGenParams,
    sign: { name: "ECDSA", hash: "SHA-256" } satisfies EcdsaParams,
  },
  "ec-p384": {
    label: "EC P-384",
    generate: { name: "ECDSA", namedCurve: "P-384" } satisfies EcKeyGenParams,
    sign: { name: "ECDSA", hash: "SHA-384" } satisfies EcdsaParams,
  },
  "rsa-2048": {
    label: "RSA 2048",
    generate: {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    } satisfies RsaHashedKeyGenParams,
    sign: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as Algorithm,
  },
  "rsa-3072": {
    label: "RSA 3072",
    generate: {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 3072,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    } satisfies RsaHashedKeyGenParams,
    sign: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as Algorithm,
  },
} as const;
type KeyType = keyof typeof KEY_TYPES;

/** The CA's host-name rule (lib/certificates/policy.ts): at least two labels, no wildcard. */
function hostError(host: string): string | null {
  if (!host) return "Enter the host name your servers call from, e.g. api.example.com.";
  if (host.includes("*")) return "Wildcards are not accepted on client certificates: enter one host name.";
  return isDnsName(host)
    ? null
    : "Not a DNS host name: use letters, digits and hyphens in at least two dot-separated labels, e.g. api.example.com.";
}

interface Generated {
  url: string;
  host: string;
  keyType: string;
}

export function GenerateCsrPanel({
  legalName,
  ou,
  onCsr,
  onKeyUnsaved,
}: {
  legalName: string;
  ou: string;
  onCsr: (pem: string) => void;
  onKeyUnsaved: (unsaved: boolean) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [host, setHost] = useState("");
  const [hostTouched, setHostTouched] = useState(false);
  const [keyType, setKeyType] = useState<KeyType>("ec-p256");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generated, setGenerated] = useState<Generated | null>(null);
  const [downloaded, setDownloaded] = useState(false);
  const [savedElsewhere, setSavedElsewhere] = useState(false);
  const hostInput = useRef<HTMLInputElement>(null);
  const objectUrl = useRef<string | null>(null);

  const normalizedHost = host.trim().toLowerCase();
  const hostProblem = hostTouched ? hostError(normalizedHost) : null;

  function forgetKey() {
    if (objectUrl.current) URL.revokeObjectURL(objectUrl.current);
    objectUrl.current = null;
  }
  // the object URL keeps the key's Blob alive: release it when the page goes away
  useEffect(() => forgetKey, []);

  const unsaved = generated !== null && !downloaded && !savedElsewhere;
  useEffect(() => onKeyUnsaved(unsaved), [unsaved, onKeyUnsaved]);
  useConfirmLeave(
    unsaved,
    "Your private key has not been downloaded: it exists only on this page and cannot be shown again. Leave anyway?",
  );

  async function generate() {
    setHostTouched(true);
    if (hostError(normalizedHost)) {
      hostInput.current?.focus();
      return;
    }
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) {
      setError("This browser offers no WebCrypto here (it needs an HTTPS page). Use the openssl command instead.");
      return;
    }
    setPending(true);
    setError(null);
    forgetKey();
    setGenerated(null);
    setDownloaded(false);
    setSavedElsewhere(false);
    try {
      // loaded on demand: the x509 library (and the metadata polyfill it needs first) only for those who use it
      await import("reflect-metadata");
      const x509 = await import("@peculiar/x509");
      const spec = KEY_TYPES[keyType];
      const keys = (await subtle.generateKey(spec.generate, true, ["sign", "verify"])) as CryptoKeyPair;
      const csr = await x509.Pkcs10CertificateRequestGenerator.create({
        // built from values, not a DN string: nothing in the legal name needs escaping
        name: new x509.Name([{ O: [legalName] }, { OU: [ou] }, { CN: [normalizedHost] }]),
        keys,
        signingAlgorithm: spec.sign,
        extensions: [new x509.SubjectAlternativeNameExtension([{ type: "dns", value: normalizedHost }])],
      });
      const keyPem = `${x509.PemConverter.encode(await subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY").trim()}\n`;
      const url = URL.createObjectURL(new Blob([keyPem], { type: "application/x-pem-file" }));
      objectUrl.current = url;
      onCsr(`${csr.toString("pem").trim()}\n`);
      setGenerated({ url, host: normalizedHost, keyType: spec.label });
    } catch (e) {
      setError(
        `The key pair could not be generated in this browser (${e instanceof Error ? e.message : String(e)}). Try another key type, or use the openssl command.`,
      );
    } finally {
      setPending(false);
    }
  }

  const panelId = `${id}-panel`;
  const hostId = `${id}-host`;
  const keyTypeId = `${id}-key-type`;

  return (
    <div className="rounded-md border border-slate-200">
      <Button
        type="button"
        variant="ghost"
        className="h-auto w-full justify-between rounded-md px-3 py-2.5 text-left"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="flex items-center gap-2">
          <KeyRound className="h-4 w-4 text-slate-500" aria-hidden />
          Generate a key pair in this browser
        </span>
        <ChevronDown className={cn("h-4 w-4 text-slate-500 transition-transform", open && "rotate-180")} aria-hidden />
      </Button>
      {open ? (
        <div id={panelId} className="space-y-4 border-t border-slate-200 px-3 pt-3 pb-4">
          <p className="text-sm text-slate-600">
            No openssl at hand? Your browser creates the key pair and the CSR; only the CSR is submitted. The subject is{" "}
            <code className="font-mono text-xs break-words">
              O={legalName}, OU={ou}, CN={normalizedHost || "<host>"}
            </code>
            .
          </p>
          <div className="grid gap-4 sm:grid-cols-3">
            <div className="sm:col-span-2">
              {/* no name attributes: these controls are not part of the CSR submission */}
              <Field
                id={hostId}
                label="Host name (CN)"
                error={hostProblem ?? undefined}
                hint="The DNS name your calling IPs' reverse DNS resolves to; also set as the subjectAltName."
              >
                <Input
                  id={hostId}
                  ref={hostInput}
                  value={host}
                  placeholder="api.example.com"
                  autoComplete="off"
                  spellCheck={false}
                  autoCapitalize="none"
                  aria-invalid={hostProblem ? true : undefined}
                  aria-describedby={hostProblem ? `${hostId}-error` : `${hostId}-hint`}
                  onChange={(e) => setHost(e.target.value)}
                  onBlur={() => {
                    if (normalizedHost) setHostTouched(true);
                  }}
                  onKeyDown={(e) => {
                    // Enter would submit the surrounding CSR form
                    if (e.key === "Enter") {
                      e.preventDefault();
                      if (!pending) void generate();
                    }
                  }}
                />
              </Field>
            </div>
            <Field id={keyTypeId} label="Key type" hint="EC P-256 is recommended.">
              <Select
                id={keyTypeId}
                aria-describedby={`${keyTypeId}-hint`}
                value={keyType}
                onChange={(e) => setKeyType(e.target.value as KeyType)}
              >
                {Object.entries(KEY_TYPES).map(([value, k]) => (
                  <option key={value} value={value}>
                    {k.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          {error ? (
            <p role="alert" className="text-sm text-red-600">
              {error}
            </p>
          ) : null}
          <div className="flex items-center justify-end gap-3">
            {pending && keyType.startsWith("rsa") ? (
              <span className="text-xs text-slate-500">RSA keys take a few seconds…</span>
            ) : null}
            <Button type="button" variant="outline" disabled={pending} onClick={() => void generate()}>
              {pending ? "Generating…" : "Generate key and CSR"}
            </Button>
          </div>
        </div>
      ) : null}
      {/* outside the collapsible part: closing the panel must not hide a key that is not saved yet */}
      {generated ? (
        <div
          role="status"
          className={cn(
            "m-3 mt-0 space-y-3 rounded-md border p-3 text-sm",
            unsaved ? "border-amber-300 bg-amber-50 text-amber-900" : "border-green-200 bg-green-50 text-green-900",
          )}
        >
          {unsaved ? (
            <p className="flex gap-2 font-medium">
              <TriangleAlert className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
              Download your private key now: it is offered only this once.
            </p>
          ) : (
            <p className="flex gap-2 font-medium">
              <CircleCheck className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
              {downloaded ? "Private key downloaded (client.key)." : "You saved the private key elsewhere."} Issuing the
              certificate clears it from this page.
            </p>
          )}
          <ul className="list-disc space-y-1 pl-10 opacity-90">
            <li>
              The CSR ({generated.keyType}, {generated.host}) is in the field below, ready to submit.
            </li>
            <li>
              The private key was created in this browser and is never sent to Axys, so nobody can recover it: if you
              lose it, generate a new key and CSR.
            </li>
            <li>
              Store it safely (a secrets manager, or a file only your API client can read). Anyone with it can call the
              API as you.
            </li>
          </ul>
          <div className="flex flex-wrap items-center gap-4 pl-6">
            <Button variant={downloaded ? "outline" : "default"} size="sm" asChild>
              <a href={generated.url} download="client.key" onClick={() => setDownloaded(true)}>
                <Download className="h-3.5 w-3.5" aria-hidden />
                Download private key (client.key)
              </a>
            </Button>
            {downloaded ? null : (
              <label className="flex items-center gap-2 text-xs">
                <input
                  type="checkbox"
                  checked={savedElsewhere}
                  onChange={(e) => setSavedElsewhere(e.target.checked)}
                  className="h-4 w-4 accent-brand-600"
                />
                I saved it elsewhere
              </label>
            )}
          </div>
        </div>
      ) : null}
    </div>
  );
}
