import { z } from "zod";

export const SEARCH_MAX_LENGTH = 100;

/** What the command palette sends: any text up to 100 characters, trimmed (an empty query lists the pages). */
export const searchQuerySchema = z
  .string({ error: "Type something to search for." })
  .trim()
  .max(SEARCH_MAX_LENGTH, `Search for at most ${SEARCH_MAX_LENGTH} characters.`);
