// Moved to lib/core/money.ts. Kept only for lib/monitoring/service.ts, which is being split by another change:
// point its imports at @/lib/core/money and delete this file.
export { formatMinor } from "@/lib/core/money";
