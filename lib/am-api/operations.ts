import type { Operation } from "@/lib/am-api/operation";
import { allowlistOperations } from "@/lib/am-api/resources/allowlist";
import { apiUserOperations } from "@/lib/am-api/resources/api-users";
import { programOperations } from "@/lib/am-api/resources/programs";

/** Every operation of the Account Management API: the router and the OpenAPI document read this one list. */
export const OPERATIONS: readonly Operation[] = [...programOperations, ...apiUserOperations, ...allowlistOperations];
