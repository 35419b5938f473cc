import type { Command } from "@/lib/cli/io";

/** Bank credential commands (staff side). */
export const BANK_COMMANDS: Record<string, Command> = {};
