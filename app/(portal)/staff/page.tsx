import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { orNotFound } from "@/lib/auth/page-helpers";
import { assertCan } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Review queue" };

export default async function StaffPage() {
  const ctx = await requireCtx();
  await orNotFound(Promise.resolve().then(() => assertCan(ctx, "staff:console")));
  return (
    <>
      <PageHeader title="Review queue" description="Requests from all Tenants that need an Axys decision, oldest first." />
      <Card>
        <EmptyState title="Nothing waiting for review">Card designs, SMS sender IDs and deposit-address requests appear here when Tenants submit them.</EmptyState>
      </Card>
    </>
  );
}
