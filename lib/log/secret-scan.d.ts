export const SECRET_SHAPES: { name: string; re: RegExp }[];
export function findSecrets(text: string, known?: Record<string, string | undefined>): { name: string; line: number }[];
export function countRequestLines(text: string): number;
