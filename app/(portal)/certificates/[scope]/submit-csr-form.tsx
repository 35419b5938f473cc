"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, FormSelect, Textarea } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import type { CertificateApiUserOptions } from "@/lib/api-users/credential-set";
import { submitCsrAction } from "@/lib/certificates/actions";
import { MAX_CSR_BYTES, shellQuote } from "@/lib/certificates/policy";
import { submitCsrSchema } from "@/lib/certificates/schemas";
import type { Environment } from "@/lib/environments";
import { GenerateCsrPanel } from "./generate-csr";

export function SubmitCsrForm({
  environment,
  programId,
  legalName,
  ou,
  apiUsers,
  apiUserId,
}: {
  environment: Environment;
  programId: string | null;
  legalName: string;
  ou: string;
  apiUsers: CertificateApiUserOptions;
  apiUserId?: string;
}) {
  const router = useRouter();
  const text = useRef<HTMLTextAreaElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  // a key pair generated in this browser whose private key is not saved yet: no certificate for it until it is
  const [keyUnsaved, setKeyUnsaved] = useState(false);
  const [browserKey, setBrowserKey] = useState(false);
  // bumped on issuance: remounts the key panel, which forgets the issued certificate's private key
  const [keyRound, setKeyRound] = useState(0);
  const { pending, onSubmit, ...form } = useActionForm(submitCsrAction, {
    schema: submitCsrSchema,
    onSuccess: (c) => {
      const held = browserKey ? " Its private key is the one you saved; this page no longer holds it." : "";
      toast.success("Certificate issued", { description: `Serial ${c.serialHex}.${held}` });
      if (text.current) text.current.value = "";
      setBrowserKey(false);
      setKeyRound((r) => r + 1);
      router.refresh();
    },
  });
  // Single-quoted for the shell: a legal name with $, ` or ' must reach openssl unchanged.
  const subj = shellQuote(`/O=${legalName}/OU=${ou}/CN=api.example.com`);
  const commands = {
    "EC P-256 (recommended)": `openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout client.key -out client.csr -subj ${subj} -addext "subjectAltName=DNS:api.example.com"`,
    "RSA 2048": `openssl req -new -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj ${subj} -addext "subjectAltName=DNS:api.example.com"`,
  };

  async function onFile(file: File | undefined) {
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_CSR_BYTES)
      return setFileError(`${file.name} is larger than ${MAX_CSR_BYTES / 1024} KiB: that is not a CSR.`);
    if (text.current) text.current.value = await file.text();
  }

  return (
    <div className="grid gap-6 lg:grid-cols-5">
      <form
        onSubmit={(e) => (keyUnsaved ? e.preventDefault() : onSubmit(e))}
        className="space-y-4 lg:col-span-3"
        noValidate
      >
        <input type="hidden" name="environment" value={environment} />
        <input type="hidden" name="programId" value={programId ?? ""} />
        <FormSelect
          form={form}
          name="apiUserId"
          label="API user"
          hint="The credential set the certificate belongs to: the gateway accepts it only with this API user's key."
          defaultValue={apiUserId ?? (apiUsers.users.length === 1 ? apiUsers.users[0].id : "")}
        >
          {apiUsers.users.length === 0 ? (
            <option value="">New API user “{apiUsers.newUserName}” (created with the certificate)</option>
          ) : null}
          {apiUsers.users.length > 1 ? (
            <option value="" disabled>
              Choose an API user
            </option>
          ) : null}
          {apiUsers.users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </FormSelect>
        <GenerateCsrPanel
          key={keyRound}
          legalName={legalName}
          ou={ou}
          onKeyUnsaved={setKeyUnsaved}
          onCsr={(pem) => {
            if (text.current) text.current.value = pem;
            setBrowserKey(true);
          }}
        />
        <Field
          id="csrPem"
          label="CSR (PEM)"
          error={form.errors.csrPem ?? form.errors.csr}
          hint="Starts with -----BEGIN CERTIFICATE REQUEST-----. Never paste the private key."
        >
          <Textarea
            id="csrPem"
            name="csrPem"
            ref={text}
            rows={10}
            spellCheck={false}
            className="font-mono text-xs"
            placeholder="-----BEGIN CERTIFICATE REQUEST-----"
            {...form.field("csrPem")}
            aria-invalid={form.errors.csrPem || form.errors.csr ? true : undefined}
          />
        </Field>
        <Field id="csrFile" label="Or upload a .csr / .pem file" error={fileError ?? undefined}>
          <input
            id="csrFile"
            type="file"
            accept=".csr,.pem,.req,.txt"
            onChange={(e) => onFile(e.target.files?.[0])}
            className="block text-sm text-slate-600 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-slate-50"
          />
        </Field>
        <div className="flex items-center justify-end gap-3">
          {keyUnsaved ? (
            <p id="issue-blocked" className="text-xs text-amber-800">
              Download the private key (or tick “I saved it elsewhere”) first: a certificate is useless without it.
            </p>
          ) : null}
          <Button
            type="submit"
            disabled={pending || keyUnsaved}
            aria-describedby={keyUnsaved ? "issue-blocked" : undefined}
          >
            {pending ? "Checking and signing…" : `Issue ${environment} certificate`}
          </Button>
        </div>
      </form>
      <aside className="space-y-3 text-sm lg:col-span-2" aria-label="CSR policy">
        <h3 className="font-semibold text-slate-800">What the CA accepts</h3>
        <ul className="list-disc space-y-1 pl-5 text-slate-600">
          <li>RSA 2048–8192 bits, or EC P-256 / P-384</li>
          <li>
            Subject <code className="font-mono text-xs">O={legalName}</code> and{" "}
            <code className="font-mono text-xs">OU={ou}</code>
          </li>
          <li>A DNS name (CN or subjectAltName) that your calling IPs&apos; reverse DNS resolves to; no wildcards</li>
          <li>A new key pair each time: a key already in an active certificate is refused</li>
          <li>Issued for 90 days; your private key never leaves your machine</li>
        </ul>
        {Object.entries(commands).map(([label, cmd]) => (
          <div key={label} className="space-y-1">
            <div className="flex items-center justify-between">
              <span className="text-xs font-medium text-slate-600">{label}</span>
              <CopyButton value={cmd} label={`Copy ${label.split(" (")[0]} command`} />
            </div>
            <pre
              tabIndex={0}
              className="overflow-x-auto rounded-md bg-slate-900 p-3 text-[11px] leading-relaxed whitespace-pre-wrap break-all text-slate-100"
            >
              {cmd}
            </pre>
          </div>
        ))}
      </aside>
    </div>
  );
}
