// Types for scripts/migrations.mjs (plain JavaScript so that `npm run db:migration` runs it without a build).
export type Target = "sqlite" | "postgres";
export const targets: Record<Target, { folder: string; schema: string }>;
export function migrationNames(target: Target): string[];
export function diff(
  target: Target,
  opts?: { script?: boolean; exitCode?: boolean; schema?: string },
): { code: number | null; stdout: string; stderr: string };
