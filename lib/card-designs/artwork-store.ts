import "server-only";

/**
 * What a design row keeps in its `artwork` column: the PNG itself for the database store, or an
 * opaque reference (e.g. an object key) for an external store. Only the store that wrote it reads it.
 */
export type ArtworkRef = Uint8Array;

/**
 * Where re-encoded artwork (always our PNG, never the uploaded file) lives. The service writes with
 * `put` before it creates the design row and reads with `get` when the artwork route serves it. The
 * key is chosen by the service from the tenant and the content hash, never from user input.
 */
export interface ArtworkStore {
  put(key: string, png: Buffer): Promise<ArtworkRef>;
  get(ref: ArtworkRef): Promise<Buffer>;
}

/** The default: the bytes are the reference, so they live in the design row's `artwork` column. */
export const databaseArtworkStore: ArtworkStore = {
  put: async (_key, png) => new Uint8Array(png),
  get: async (ref) => Buffer.from(ref),
};

/** The store the pages, routes and CLI use. Swap this line to put artwork in an object store. */
export const defaultArtworkStore: ArtworkStore = databaseArtworkStore;
