// Moved to lib/core/currencies.ts. Kept only for lib/monitoring/service.ts, which is being split by another change:
// point its imports at @/lib/core/currencies and delete this file.
export { CURRENCIES } from "@/lib/core/currencies";
