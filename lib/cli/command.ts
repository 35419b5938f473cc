import { z } from "zod";
import { operatorCtx, type Ctx } from "@/lib/auth/context";
import { CliError } from "@/lib/cli/io";
import { environmentSchema } from "@/lib/environments";
import { unsafeFindOwner, type OwnedKind } from "@/lib/staff/owners";

/**
 * One CLI command: its flags (each a zod schema), how its tenant context is resolved, and the service call.
 * `lib/cli/main.ts` parses argv with the flags' types, then every flag with its schema, resolves the context and
 * calls `run`: no command reads argv, looks a tenant up or checks a flag's value by hand.
 */
export interface Flag<T> {
  type: "string" | "boolean";
  required: boolean;
  /** Parses the raw value; its messages may say `{flag}`, replaced by `--name`. */
  schema: z.ZodType<T>;
}

type Raw = string | boolean | undefined;
const str = z.string();

/** Flag builders: the value types operators pass (text, on/off, whole numbers, environments, switches). */
export const flag = {
  text: (): Flag<string> => ({ type: "string", required: true, schema: str }),
  optionalText: (): Flag<string | undefined> => ({ type: "string", required: false, schema: str.optional() }),
  /** A switch (`--json`, `--approve`): present or not. */
  switch: (): Flag<boolean> => ({
    type: "boolean",
    required: false,
    schema: z
      .boolean()
      .optional()
      .transform((v) => v === true),
  }),
  environment: (): Flag<"staging" | "production"> => ({
    type: "string",
    required: true,
    schema: z.string().transform((v, c) => parseWith(environmentSchema, v, c, "{flag} must be staging or production.")),
  }),
  optionalEnvironment: (fallback: "staging" | "production"): Flag<"staging" | "production"> => ({
    type: "string",
    required: false,
    schema: z
      .string()
      .optional()
      .transform((v, c) => parseWith(environmentSchema, v ?? fallback, c, "{flag} must be staging or production.")),
  }),
  onOff: (fallback?: "on" | "off"): Flag<boolean> => ({
    type: "string",
    required: fallback === undefined,
    schema: z
      .string()
      .optional()
      .transform((v, c) => parseWith(z.enum(["on", "off"]), v ?? fallback, c, "{flag} must be on or off.") === "on"),
  }),
  wholeNumber: (fallback?: number): Flag<number> => ({
    type: "string",
    required: fallback === undefined,
    schema: z
      .string()
      .optional()
      .transform((v, c) =>
        v === undefined
          ? fallback!
          : Number(parseWith(z.string().regex(/^\d{1,15}$/), v, c, "{flag} must be a whole number.")),
      ),
  }),
  oneOf: <const V extends readonly [string, ...string[]]>(values: V): Flag<V[number]> => ({
    type: "string",
    required: true,
    schema: z
      .string()
      .transform((v, c) => parseWith(z.enum(values), v, c, `{flag} must be one of: ${values.join(", ")}.`)),
  }),
  optionalOneOf: <const V extends readonly [string, ...string[]]>(values: V): Flag<V[number] | undefined> => ({
    type: "string",
    required: false,
    schema: z
      .string()
      .optional()
      .transform((v, c) =>
        v === undefined ? undefined : parseWith(z.enum(values), v, c, `{flag} must be one of: ${values.join(", ")}.`),
      ),
  }),
};

function parseWith<T>(schema: z.ZodType<T>, value: unknown, c: z.RefinementCtx, message: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  c.addIssue({ code: "custom", message });
  return z.NEVER;
}

/**
 * How a command finds the Tenant it acts for: none (the operator itself), a `--tenant <slug>` flag (optional for
 * commands that may act without one), or the owner of the object a flag names (`--apiuser <id>`, `--serial <hex>`).
 */
export type ContextSpec = "operator" | { tenant: string; optional?: boolean } | { owner: OwnedKind; flag: string };

export interface Resolved {
  ctx: Ctx;
  /** The id of the object the context was resolved from (a certificate named by serial resolves to its id). */
  subjectId: string | null;
}

export async function resolveContext(spec: ContextSpec, values: Record<string, unknown>): Promise<Resolved> {
  const op = operatorCtx({});
  if (spec === "operator") return { ctx: op, subjectId: null };
  if ("tenant" in spec) {
    const slug = values[spec.tenant];
    if (typeof slug !== "string") {
      if (spec.optional) return { ctx: op, subjectId: null };
      throw new CliError("USAGE", `Missing --${spec.tenant}.`, spec.tenant);
    }
    const owner = await unsafeFindOwner(op, "tenant", slug, spec.tenant);
    return { ctx: operatorCtx({ tenantId: owner.tenantId }), subjectId: owner.id };
  }
  const key = values[spec.flag];
  if (typeof key !== "string") throw new CliError("USAGE", `Missing --${spec.flag}.`, spec.flag);
  const owner = await unsafeFindOwner(op, spec.owner, key, spec.flag);
  return { ctx: operatorCtx({ tenantId: owner.tenantId }), subjectId: owner.id };
}

export type FlagValues<F extends Record<string, Flag<unknown>>> = {
  [K in keyof F]: F[K] extends Flag<infer T> ? T : never;
};
export interface CommandResult {
  json: unknown;
  text: string;
}
export interface IO {
  readStdin: () => Promise<string>;
}

export interface CommandSpec<F extends Record<string, Flag<unknown>>> {
  usage: string;
  flags: F;
  context: ContextSpec;
  run(ctx: Ctx, flags: FlagValues<F>, io: IO & { subjectId: string | null }): Promise<CommandResult>;
}

/** A command as main.ts runs it (the flag types erased). */
export interface Command {
  usage: string;
  flags: Record<string, Flag<unknown>>;
  execute(raw: Record<string, Raw>, io: IO): Promise<CommandResult>;
}

export function command<F extends Record<string, Flag<unknown>>>(spec: CommandSpec<F>): Command {
  return {
    usage: spec.usage,
    flags: spec.flags,
    async execute(raw, io) {
      const values = parseFlags(spec.flags, raw);
      const { ctx, subjectId } = await resolveContext(spec.context, values);
      return spec.run(ctx, values, { ...io, subjectId });
    },
  };
}

/**
 * Every flag through its schema: a missing required flag is a USAGE error (exit 64), a value its schema refuses a
 * VALIDATION error naming the flag. Empty strings count as missing.
 */
export function parseFlags<F extends Record<string, Flag<unknown>>>(flags: F, raw: Record<string, Raw>): FlagValues<F> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(flags)) {
    const value = raw[name] === "" ? undefined : raw[name];
    if (value === undefined && f.required) throw new CliError("USAGE", `Missing --${name}.`, name);
    const r = f.schema.safeParse(value);
    if (!r.success)
      throw new CliError(
        "VALIDATION",
        (r.error.issues[0]?.message ?? "{flag} is not valid.").replaceAll("{flag}", `--${name}`),
        name,
      );
    out[name] = r.data;
  }
  return out as FlagValues<F>;
}
