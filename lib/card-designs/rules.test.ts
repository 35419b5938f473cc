import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { checkArtwork } from "@/lib/card-designs/artwork";
import {
  ARTWORK_RULES,
  artworkDimensionsProblem,
  artworkSizeProblem,
  artworkTypeProblem,
} from "@/lib/card-designs/rules";

const png = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: "#123456" } })
    .png()
    .toBuffer();

describe("card artwork rules shared by the browser and the server", () => {
  it.each([
    [1586, 1000, null],
    [1000, 1586, null], // portrait is a card too
    [1536, 969, null], // the minimum, ratio 1.585
    [1535, 968, "resolution"],
    [1600, 900, "resolution"], // short side too small
    [2000, 1000, "aspect"],
    [2000, 2000, "aspect"],
  ] as const)("%i x %i px: %s", (w, h, rule) => {
    expect(artworkDimensionsProblem(w, h)?.rule ?? null).toBe(rule);
  });

  it("says what to do: the minimum size, or the crop that makes a card", () => {
    expect(artworkDimensionsProblem(800, 504)?.message).toBe(
      "The image is 800 x 504 pixels; it must be at least 1536 x 969 (about 450 dpi on a card).",
    );
    expect(artworkDimensionsProblem(2000, 1000)?.message).toMatch(
      /^The aspect ratio is 2\.000; .*Crop to e\.g\. 2000 x 1261 pixels\.$/,
    );
  });

  it("limits the size to 5 MiB and the type to PNG or JPEG", () => {
    expect(artworkSizeProblem(ARTWORK_RULES.maxBytes)).toBeNull();
    expect(artworkSizeProblem(ARTWORK_RULES.maxBytes + 1)).toBe("The file is 5.0 MiB; the limit is 5 MiB.");
    expect(artworkTypeProblem("image/png")).toBeNull();
    expect(artworkTypeProblem("image/jpeg")).toBeNull();
    expect(artworkTypeProblem("image/gif")).toBe("The file is not a PNG or JPEG image.");
    expect(artworkTypeProblem("")).not.toBeNull();
  });

  it("the server refuses with the very message the browser shows", async () => {
    for (const [w, h] of [
      [800, 504],
      [2000, 1000],
    ] as const) {
      const server = await checkArtwork(await png(w, h));
      expect(server.ok).toBe(false);
      if (!server.ok) expect(server.message).toBe(artworkDimensionsProblem(w, h)?.message);
    }
    expect((await checkArtwork(await png(1586, 1000))).ok).toBe(true);
  });
});
