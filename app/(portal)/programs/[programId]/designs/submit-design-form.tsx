"use client";
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { bindErrors, Field, FormInput, FormSelect, FormTextarea, Options } from "@/components/ui/form";
import { focusFirstError } from "@/components/ui/use-action-form";
import { showActionError } from "@/lib/actions/client-result";
import {
  artworkDimensionsProblem,
  artworkSizeProblem,
  artworkTypeProblem,
  ARTWORK_TYPES,
} from "@/lib/card-designs/rules";
import {
  CARD_TYPE_LABELS,
  CARD_TYPES,
  FINISH_LABELS,
  FINISHES,
  NETWORK_LABELS,
  NETWORKS,
} from "@/lib/card-designs/schemas";

interface Chosen {
  url: string;
  width: number | null;
  height: number | null;
  problem: string | null;
}

/** The pixel size of an image as the browser displays it (EXIF orientation applied, like the server's check). */
const dimensionsOf = (url: string) =>
  new Promise<{ width: number; height: number } | null>((resolve) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => resolve(null);
    img.src = url;
  });

/**
 * Checks the chosen artwork in the browser with the server's rules (lib/card-designs/rules.ts) and shows
 * a preview before anything is sent; uploads with XMLHttpRequest so the user sees the upload progress
 * of large artwork. The server checks again (by content) and stays the authority.
 */
export function SubmitDesignForm({
  programId,
  slot,
  onDone,
  onCancel,
}: {
  programId: string;
  slot: number;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [progress, setProgress] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const latest = useRef(0); // a slow read of an earlier choice must not overwrite a newer one
  const id = (k: string) => `${k}-${slot}`;

  useEffect(
    () => () => {
      if (chosen) URL.revokeObjectURL(chosen.url);
    },
    [chosen],
  );
  useEffect(() => {
    if (Object.keys(errors).length) focusFirstError(formRef.current, errors);
  }, [errors]);

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.currentTarget.files?.[0];
    const turn = ++latest.current;
    setErrors(({ artwork: _previous, ...rest }) => rest); // a new file clears the previous file's error
    if (!file) return setChosen(null);
    const early = artworkTypeProblem(file.type) ?? artworkSizeProblem(file.size);
    const url = URL.createObjectURL(file);
    if (early) {
      setChosen({ url, width: null, height: null, problem: early });
      return setErrors((x) => ({ ...x, artwork: early }));
    }
    const dims = await dimensionsOf(url);
    if (turn !== latest.current) return URL.revokeObjectURL(url);
    const problem = dims
      ? (artworkDimensionsProblem(dims.width, dims.height)?.message ?? null)
      : "The image could not be read: it is damaged or not a PNG or JPEG.";
    setChosen({ url, width: dims?.width ?? null, height: dims?.height ?? null, problem });
    if (problem) setErrors((x) => ({ ...x, artwork: problem }));
  }

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const file = data.get("artwork");
    if (!(file instanceof File) || file.size === 0) return setErrors({ artwork: "Choose an image file." });
    if (chosen?.problem) return setErrors({ artwork: chosen.problem });
    data.set("slot", String(slot));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/programs/${programId}/designs/upload`);
    xhr.upload.onprogress = (ev) => ev.lengthComputable && setProgress(Math.round((ev.loaded / ev.total) * 100));
    xhr.onload = () => {
      setProgress(null);
      let r: {
        ok: boolean;
        code?: string;
        message?: string;
        fieldErrors?: Record<string, string>;
        data?: { version: number };
      };
      try {
        r = JSON.parse(xhr.responseText);
      } catch {
        r = { ok: false, message: `Upload failed (HTTP ${xhr.status}).` };
      }
      if (r.ok) {
        toast.success(`Slot ${slot}: version ${r.data?.version} submitted for review`);
        onDone();
      } else if (r.fieldErrors) setErrors(r.fieldErrors);
      else showActionError(r);
    };
    xhr.onerror = () => {
      setProgress(null);
      toast.error("The upload was interrupted. Try again.");
    };
    setErrors({});
    setProgress(0);
    xhr.send(data);
  }

  const bound = bindErrors(errors, id);
  return (
    <form ref={formRef} onSubmit={submit} className="space-y-3 border-t border-slate-100 pt-3" noValidate>
      <Field id={id("artwork")} label="Artwork (PNG or JPEG)" error={errors.artwork}>
        <input
          id={id("artwork")}
          name="artwork"
          type="file"
          accept={ARTWORK_TYPES.join(",")}
          required
          onChange={choose}
          {...bound.field("artwork")}
          className="block w-full min-w-0 text-sm text-slate-600 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
        />
      </Field>
      {chosen ? (
        <figure className="space-y-1">
          <div className="flex aspect-[1.586] items-center justify-center overflow-hidden rounded-md border border-slate-200 bg-slate-50">
            <img
              src={chosen.url}
              alt="Preview of the chosen artwork"
              className="max-h-full max-w-full object-contain"
            />
          </div>
          {chosen.width !== null ? (
            <figcaption className="text-xs text-slate-500">
              {chosen.width} x {chosen.height} px
            </figcaption>
          ) : null}
        </figure>
      ) : null}
      <FormInput form={bound} name="name" label="Design name" maxLength={80} />
      <div className="flex flex-wrap gap-2">
        <FormSelect form={bound} name="cardType" label="Card type" className="w-auto">
          <Options values={CARD_TYPES} label={CARD_TYPE_LABELS} />
        </FormSelect>
        <FormSelect form={bound} name="network" label="Network" className="w-auto">
          <Options values={NETWORKS} label={NETWORK_LABELS} />
        </FormSelect>
        <FormSelect form={bound} name="finish" label="Finish" className="w-auto">
          <Options values={FINISHES} label={FINISH_LABELS} />
        </FormSelect>
      </div>
      <FormTextarea form={bound} name="notes" label="Notes for the reviewer (optional)" rows={2} maxLength={500} />
      {progress !== null ? (
        <div
          role="progressbar"
          aria-label="Upload progress"
          aria-valuenow={progress}
          aria-valuemin={0}
          aria-valuemax={100}
          className="h-2 overflow-hidden rounded bg-slate-100"
        >
          <div className="h-full bg-brand-500 transition-all" style={{ width: `${progress}%` }} />
        </div>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="sm" disabled={progress !== null}>
          {progress !== null ? `Uploading ${progress}%…` : "Submit for review"}
        </Button>
      </div>
    </form>
  );
}
