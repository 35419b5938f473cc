import type { Command } from "@/lib/cli/io";

/** Legal document commands (staff side). */
export const LEGAL_COMMANDS: Record<string, Command> = {};
