import { z } from "zod";

// Runs in the browser before the app's code. Zod compiles object parsers with `new Function` and,
// to find out whether it may, tries one when the first schema is built: under our
// Content-Security-Policy (no eval for scripts) that probe is refused and reported as a violation.
// Without JIT zod parses the same way, only a little slower (forms are small).
z.config({ jitless: true });
