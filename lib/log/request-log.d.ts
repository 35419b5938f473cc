import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";

export function trackRequest(req: IncomingMessage, res: ServerResponse, ip: string, logger?: Logger): string;
