import type { Logger } from "pino";

export const REDACTED_KEYS: string[];
export function createLogger(stream?: NodeJS.WritableStream, opts?: { level?: string }): Logger;
export const log: Logger;
export function errorInfo(e: unknown): { type?: string; message: string; stack?: string };
export function loggedPath(url: string | undefined): string;
