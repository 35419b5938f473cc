import type { LegalKind } from "@/lib/legal/schemas";

/**
 * Version 1 of each legal document, published by the demo seed (`ensureDefaultLegalDocuments`).
 * Placeholder text for demos and tests: Axys Legal replaces it by publishing new versions with
 * `axys legal publish`.
 */
export const DEFAULT_LEGAL_DOCUMENTS: Record<LegalKind, { title: string; body: string; changeSummary: string }> = {
  terms_of_use: {
    title: "Axys Platform Terms of Use",
    changeSummary: "Initial version.",
    body: `# Axys Platform Terms of Use

These terms govern the Tenant's use of the Axys card-issuing platform, its APIs and Account Management
(together, the **Service**). Acceptance of these terms is implied by the Tenant's use of the Service; the
version in force is always the one shown in Account Management.

## 1. The Service

Axys provides card issuing, program management and related APIs to Tenants, who use them to run their own
card Programs for their cardholders. Each Tenant is responsible for the Programs it creates and for the
conduct of the partners it gives access to.

## 2. Acceptable use

The Tenant shall not:

- use the Service for any unlawful purpose, or to facilitate fraud, money laundering or the financing of terrorism;
- attempt to access another Tenant's data, probe the platform's security, or exceed published rate limits;
- share API credentials or client certificates outside its own systems, or embed them in client-side code.

## 3. Credentials and security

The Tenant keeps its private keys, API keys and user accounts confidential, rotates them before they
expire, and tells Axys at once of any suspected compromise so that the affected credentials can be revoked.

## 4. Changes to these terms

Axys may publish new versions of these terms. A new version takes effect on the effective date shown with
it, normally at least 30 days after publication for changes that are not required by law or regulation.
Every version remains available in the change history.`,
  },
  sla: {
    title: "Service Level Agreement",
    changeSummary: "Initial version.",
    body: `# Service Level Agreement

This Service Level Agreement (**SLA**) forms part of the Axys Platform Terms of Use and applies to the
production environment of the Axys platform.

## 99.99% monthly uptime commitment

Axys commits to a **Monthly Uptime Percentage of at least 99.99%** for the production card-processing APIs
and authorisation services. That allows at most about 4 minutes 23 seconds of downtime in a 30-day month.

## How uptime is measured

- Availability is measured every minute by Axys's synthetic probes from at least three regions, calling the
  production API health endpoint over mutual TLS.
- A minute counts as **unavailable** when more than 5% of valid requests in it fail with a server error
  (HTTP 5xx) or time out after 10 seconds, as seen by at least two probe regions.
- **Monthly Uptime Percentage** = (total minutes in the month − unavailable minutes) ÷ total minutes in the
  month × 100. Monthly reports are available from Axys support on request.

## Exclusions

Unavailability does not count against the commitment when it results from:

1. scheduled maintenance announced at least 5 business days in advance (at most 4 hours a month, outside 08:00–20:00 CET);
2. the Tenant's own systems, network, credentials (for example an expired client certificate or an address missing from the IP allowlist) or misuse of the API;
3. card schemes, issuing banks or other third-party networks outside Axys's control;
4. force majeure events, or suspension of the Service under the Terms of Use;
5. the staging environment, which has no uptime commitment.

## Service credits

If the Monthly Uptime Percentage falls below the commitment, the Tenant is entitled to a credit against
that month's platform fees:

| Monthly Uptime Percentage | Service credit |
|---|---|
| below 99.99% but at least 99.9% | 10% |
| below 99.9% but at least 99.0% | 25% |
| below 99.0% | 50% |

Credits must be claimed within 30 days after the end of the affected month by contacting Axys support, and
are the Tenant's sole remedy for unavailability. Credits in a month never exceed that month's platform fees.`,
  },
  dpa: {
    title: "Data Processing Agreement",
    changeSummary: "Initial version.",
    body: `# Data Processing Agreement

This Data Processing Agreement (**DPA**) applies where Axys processes personal data on the Tenant's behalf
in providing the Service, and forms part of the Axys Platform Terms of Use.

## Roles

For cardholder data the Tenant is the **controller** and Axys the **processor**. Axys processes personal
data only on the Tenant's documented instructions, which are the Terms of Use, this DPA and the Tenant's
use of the APIs.

## Security measures

Axys maintains technical and organisational measures appropriate to the risk, including encryption of data
in transit (TLS 1.2 or later, mutual TLS for API access) and at rest, role-based access with audit logging,
and regular independent assessments (see the Regulatory attestations).

## Sub-processors

Axys engages sub-processors (hosting, card schemes and issuing partners) under written terms at least as
protective as this DPA. Axys gives at least 30 days' notice of a new sub-processor, during which the Tenant
may object.

## Data subject requests and breaches

Axys assists the Tenant in answering data subjects' requests and notifies the Tenant without undue delay,
and in any case within 48 hours, after becoming aware of a personal data breach affecting the Tenant's data.

## Deletion

At the end of the Service, Axys deletes or returns the Tenant's personal data within 90 days, except where
law requires it to be retained.`,
  },
  attestations: {
    title: "Regulatory Attestations",
    changeSummary: "Initial version.",
    body: `# Regulatory Attestations

This page lists the licences, certifications and independent assessments that cover the Axys platform.
Copies of the reports are available to Tenants under a non-disclosure agreement from Axys compliance.

## Certifications and reports

| Attestation | Scope | Period |
|---|---|---|
| PCI DSS v4.0 Level 1 Service Provider | card data environment, production | annual Report on Compliance |
| ISO/IEC 27001:2022 | information security management system | three-year certificate, yearly surveillance audits |
| SOC 2 Type II | security, availability and confidentiality | twelve-month reporting period |

## Licensing

Card issuing is carried out with licensed issuing partners under the rules of the card schemes. Axys's
programme management activities are supervised as described in the Tenant's contract.

## Updates

A new version of this page is published whenever an attestation is renewed, extended or withdrawn; the
change history records each change.`,
  },
};
