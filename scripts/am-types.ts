import { writeFileSync } from "node:fs";
import { AM_TYPES_FILE, amTypesSource } from "@/lib/am-api/client/generate";

// npm run am:types: regenerates the API's TypeScript types from its OpenAPI document (commit the result)
writeFileSync(AM_TYPES_FILE, await amTypesSource());
console.log(`wrote ${AM_TYPES_FILE}`);
