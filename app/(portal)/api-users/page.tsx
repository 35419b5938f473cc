import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ProgramTabs } from "@/components/shell/program-tabs";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { PATTERN_INFO } from "@/lib/api-users/schemas";
import { listApiUsers } from "@/lib/api-users/service";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API users" };

export default async function ApiUsersPage({
  searchParams,
}: {
  searchParams: Promise<{ program?: string | string[] }>;
}) {
  const ctx = await requireCtx();
  const { program } = await searchParams;
  const programId = typeof program === "string" && program.length <= 64 ? program : undefined;
  const users = await orNotFound(listApiUsers(ctx, { programId }));
  const newButton = can(ctx.role, "apiusers:write") ? (
    <Button asChild>
      <Link href="/api-users/new">
        <Plus className="h-4 w-4" aria-hidden />
        New API user
      </Link>
    </Button>
  ) : null;
  return (
    <>
      <ProgramTabs ctx={ctx} programId={programId} />
      <PageHeader
        title="API users"
        description="Credential sets your servers use: each has a certificate and an API key per environment, rotated independently."
        actions={newButton}
      />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "apiusers:write")} />
      <Card>
        <DataTable
          columns={["Name", "Pattern", "Scope", "Status", "Created"]}
          rows={users}
          empty={
            <EmptyState title="No API users yet" action={newButton}>
              Create one per Program (the simplest, most isolated model), a tenant admin user for Account Management, or
              a white-label user for a partner.
            </EmptyState>
          }
        >
          {(u) => (
            <tr key={u.id}>
              <Td>
                <Link href={`/api-users/${u.id}`} className="font-medium text-brand-700 hover:underline">
                  {u.name}
                </Link>
              </Td>
              <Td>{PATTERN_INFO[u.pattern].label}</Td>
              <Td>
                {u.programId ? (
                  <>
                    <span className="text-slate-800">{u.programName}</span>{" "}
                    <CopyableValue
                      value={u.programId}
                      what={`program id of ${u.programName}`}
                      nowrap
                      className="text-xs text-slate-500"
                    />
                  </>
                ) : (
                  <span className="text-slate-600">Tenant-level</span>
                )}
              </Td>
              <Td>{u.disabledAt ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Enabled</Badge>}</Td>
              <Td className="text-slate-500">
                <Time value={u.createdAt} />
              </Td>
            </tr>
          )}
        </DataTable>
      </Card>
    </>
  );
}
