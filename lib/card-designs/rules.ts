/**
 * The card artwork rules, shared by the server's check (lib/card-designs/artwork.ts, authoritative: it
 * sniffs and decodes the content) and the browser's check before upload (instant feedback, same words).
 * Pure: no Node or sharp imports, so client components may use it.
 */
export const ARTWORK_RULES = {
  maxBytes: 5 * 1024 * 1024,
  minLongSide: 1536,
  minShortSide: 969,
  /** ISO/IEC 7810 ID-1: 85.60 x 53.98 mm */
  aspect: 1.586,
  aspectTolerance: 0.02,
  maxPixels: 40_000_000,
} as const;

/** The content types the browser reports for the accepted formats (the server checks magic bytes instead). */
export const ARTWORK_TYPES = ["image/png", "image/jpeg"] as const;

const R = ARTWORK_RULES;

export function artworkSizeProblem(bytes: number): string | null {
  return bytes > R.maxBytes ? `The file is ${(bytes / 1048576).toFixed(1)} MiB; the limit is 5 MiB.` : null;
}

export function artworkTypeProblem(type: string): string | null {
  return (ARTWORK_TYPES as readonly string[]).includes(type) ? null : "The file is not a PNG or JPEG image.";
}

/** Resolution, then aspect ratio (either orientation), of an image of w x h pixels as displayed. */
export function artworkDimensionsProblem(
  w: number,
  h: number,
): { rule: "resolution" | "aspect"; message: string } | null {
  const long = Math.max(w, h);
  const short = Math.min(w, h);
  if (long < R.minLongSide || short < R.minShortSide) {
    return {
      rule: "resolution",
      message: `The image is ${w} x ${h} pixels; it must be at least ${R.minLongSide} x ${R.minShortSide} (about 450 dpi on a card).`,
    };
  }
  const ratio = long / short;
  if (Math.abs(ratio - R.aspect) / R.aspect > R.aspectTolerance) {
    return {
      rule: "aspect",
      message: `The aspect ratio is ${ratio.toFixed(3)}; a card is ${R.aspect} (85.60 x 53.98 mm), within 2%. Crop to e.g. ${long} x ${Math.round(long / R.aspect)} pixels.`,
    };
  }
  return null;
}
