import type { Operation } from "@/lib/am-api/operation";
import { allowlistOperations } from "@/lib/am-api/resources/allowlist";
import { auditOperations } from "@/lib/am-api/resources/audit";
import { apiUserOperations } from "@/lib/am-api/resources/api-users";
import { cardDesignOperations } from "@/lib/am-api/resources/card-designs";
import { feeOperations } from "@/lib/am-api/resources/fees";
import { credentialOperations } from "@/lib/am-api/resources/credentials";
import { legalAndPartnerOperations } from "@/lib/am-api/resources/legal-partners";
import { monitoringOperations } from "@/lib/am-api/resources/monitoring";
import { programSettingOperations } from "@/lib/am-api/resources/program-settings";
import { programRequestOperations } from "@/lib/am-api/resources/program-requests";
import { programOperations } from "@/lib/am-api/resources/programs";
import { webhookOperations } from "@/lib/am-api/resources/webhooks";

/** Every operation of the Account Management API: the router and the OpenAPI document read this one list. */
export const OPERATIONS: readonly Operation[] = [
  ...programOperations,
  ...programSettingOperations,
  ...apiUserOperations,
  ...credentialOperations,
  ...allowlistOperations,
  ...webhookOperations,
  ...auditOperations,
  ...monitoringOperations,
  ...legalAndPartnerOperations,
  ...feeOperations,
  ...cardDesignOperations,
  ...programRequestOperations,
];
