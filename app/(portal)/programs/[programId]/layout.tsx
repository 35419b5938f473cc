import type { ReactNode } from "react";
import { ProgramTabs } from "@/components/shell/program-tabs";
import { requireCtx } from "@/lib/auth/session";

/** Every page of a Program shows its sections as tabs under the page header. */
export default async function ProgramLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ programId: string }>;
}) {
  const ctx = await requireCtx();
  const { programId } = await params;
  return (
    <>
      <ProgramTabs ctx={ctx} programId={programId} />
      {children}
    </>
  );
}
