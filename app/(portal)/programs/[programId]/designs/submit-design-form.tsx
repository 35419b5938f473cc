"use client";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/form";
import { showActionError } from "@/lib/actions/client-result";
import { CARD_TYPES, FINISHES, NETWORKS } from "@/lib/card-designs/schemas";

/** Uploads with XMLHttpRequest so the user sees the upload progress of large artwork. */
export function SubmitDesignForm({ programId, slot, onDone, onCancel }: { programId: string; slot: number; onDone: () => void; onCancel: () => void }) {
  const [progress, setProgress] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = (k: string) => `${k}-${slot}`;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    data.set("slot", String(slot));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/programs/${programId}/designs/upload`);
    xhr.upload.onprogress = (ev) => ev.lengthComputable && setProgress(Math.round((ev.loaded / ev.total) * 100));
    xhr.onload = () => {
      setProgress(null);
      let r: { ok: boolean; code?: string; message?: string; fieldErrors?: Record<string, string>; data?: { version: number } };
      try { r = JSON.parse(xhr.responseText); } catch { r = { ok: false, message: `Upload failed (HTTP ${xhr.status}).` }; }
      if (r.ok) {
        toast.success(`Slot ${slot}: version ${r.data?.version} submitted for review`);
        onDone();
      } else if (r.fieldErrors) setErrors(r.fieldErrors);
      else showActionError(r);
    };
    xhr.onerror = () => { setProgress(null); toast.error("The upload was interrupted. Try again."); };
    setErrors({});
    setProgress(0);
    xhr.send(data);
  }

  return (
    <form onSubmit={submit} className="space-y-3 border-t border-slate-100 pt-3" noValidate>
      <Field id={id("artwork")} label="Artwork (PNG or JPEG)" error={errors.artwork}>
        <input id={id("artwork")} name="artwork" type="file" accept="image/png,image/jpeg" required aria-invalid={errors.artwork ? true : undefined}
          className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm" />
      </Field>
      <Field id={id("name")} label="Design name" error={errors.name}><Input id={id("name")} name="name" maxLength={80} aria-invalid={errors.name ? true : undefined} /></Field>
      <div className="grid grid-cols-3 gap-2">
        <Field id={id("cardType")} label="Card type"><Select id={id("cardType")} name="cardType">{CARD_TYPES.map((t) => <option key={t}>{t}</option>)}</Select></Field>
        <Field id={id("network")} label="Network"><Select id={id("network")} name="network">{NETWORKS.map((t) => <option key={t}>{t}</option>)}</Select></Field>
        <Field id={id("finish")} label="Finish"><Select id={id("finish")} name="finish">{FINISHES.map((t) => <option key={t}>{t}</option>)}</Select></Field>
      </div>
      <Field id={id("notes")} label="Notes for the reviewer (optional)"><Textarea id={id("notes")} name="notes" rows={2} maxLength={500} /></Field>
      {progress !== null ? (
        <div role="progressbar" aria-label="Upload progress" aria-valuenow={progress} aria-valuemin={0} aria-valuemax={100} className="h-2 overflow-hidden rounded bg-slate-100">
          <div className="h-full bg-brand-500 transition-all" style={{ width: `${progress}%` }} />
        </div>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" size="sm" onClick={onCancel}>Cancel</Button>
        <Button type="submit" size="sm" disabled={progress !== null}>{progress !== null ? `Uploading ${progress}%…` : "Submit for review"}</Button>
      </div>
    </form>
  );
}
