import type { Command } from "@/lib/cli/io";

/** Fee commands (staff side: platform minimums). */
export const FEE_COMMANDS: Record<string, Command> = {};
