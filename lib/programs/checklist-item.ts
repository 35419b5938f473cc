import type { Action } from "@/lib/auth/permissions";
import type { Environment } from "@/lib/environments";
import type { ProgramDto } from "@/lib/programs/service";

/**
 * One onboarding step, computed from real state. Each capability registers its own items (its
 * `lib/<feature>/checklist.ts`, listed in lib/programs/checklist.ts), so the checklist grows with the product.
 * `permission` is what the reader needs to see the step: the step reads that feature's data, and a
 * reader without it must learn nothing of it (not even whether it is done).
 */
export interface ChecklistItem {
  key: string;
  label: string;
  permission: Action;
  optional?: boolean;
  /** where the step is done; `env` when only one environment completes it (the link switches to it) */
  page: { path(programId: string): string; env?: Environment };
  /** `now`: the time the checklist is computed at (tests pass their own) */
  evaluate(program: ProgramDto, tenantId: string, now: Date): Promise<{ done: boolean; detail: string }>;
}
