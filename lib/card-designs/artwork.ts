import sharp, { type Metadata } from "sharp";
import { ARTWORK_RULES, artworkDimensionsProblem, artworkSizeProblem } from "@/lib/card-designs/rules";

export { ARTWORK_RULES };

export interface ArtworkCheck {
  rule: string;
  ok: boolean;
  detail: string;
}
export type ArtworkResult =
  | { ok: true; png: Buffer; width: number; height: number; checks: ArtworkCheck[] }
  | { ok: false; message: string; checks: ArtworkCheck[] };

const sniff = (b: Buffer): "png" | "jpeg" | null =>
  b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    ? "png"
    : b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff
      ? "jpeg"
      : null;

/**
 * Checks uploaded card artwork by its content (magic bytes and a full decode, never the file name):
 * PNG or JPEG, at most 5 MiB, sRGB (or grey), at least 1536 x 969 pixels, card aspect ratio
 * 1.586 +/- 2% in either orientation. Returns a re-encoded PNG without metadata, or the failed rule.
 */
export async function checkArtwork(file: Buffer): Promise<ArtworkResult> {
  const R = ARTWORK_RULES;
  const checks: ArtworkCheck[] = [];
  const fail = (rule: string, message: string) => {
    checks.push({ rule, ok: false, detail: message });
    return { ok: false as const, message, checks };
  };
  const tooBig = artworkSizeProblem(file.length);
  if (tooBig) return fail("size", tooBig);
  checks.push({ rule: "size", ok: true, detail: `${(file.length / 1024).toFixed(0)} KiB (limit 5 MiB)` });
  const kind = sniff(file);
  if (!kind) return fail("format", "The file is not a PNG or JPEG image (checked by its content, not its name).");
  let meta: Metadata;
  let png: Buffer;
  try {
    const img = sharp(file, { limitInputPixels: R.maxPixels, failOn: "error" });
    meta = await img.metadata();
    png = await img.rotate().png({ compressionLevel: 9 }).toBuffer(); // full decode; re-encoding drops metadata and anything appended
  } catch {
    return fail("format", `The ${kind.toUpperCase()} image could not be decoded: it is damaged or truncated.`);
  }
  checks.push({ rule: "format", ok: true, detail: `${kind.toUpperCase()}, decoded` });
  if (meta.space && !["srgb", "b-w", "rgb", "grey16", "rgb16"].includes(meta.space)) {
    return fail(
      "colour",
      `The image is in ${meta.space.toUpperCase()} colour space; card artwork must be sRGB. Convert it (e.g. export as sRGB) and upload again.`,
    );
  }
  checks.push({ rule: "colour", ok: true, detail: meta.space ?? "srgb" });
  const [w, h] = (meta.orientation ?? 1) >= 5 ? [meta.height!, meta.width!] : [meta.width!, meta.height!];
  const problem = artworkDimensionsProblem(w, h);
  if (problem?.rule === "resolution") return fail(problem.rule, problem.message);
  checks.push({ rule: "resolution", ok: true, detail: `${w} x ${h} px` });
  if (problem) return fail(problem.rule, problem.message);
  const ratio = Math.max(w, h) / Math.min(w, h);
  checks.push({ rule: "aspect", ok: true, detail: `${ratio.toFixed(3)} (card ${R.aspect})` });
  return { ok: true, png, width: w, height: h, checks };
}
