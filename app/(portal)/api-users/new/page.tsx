import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FormPage } from "@/components/ui/form-page";
import { can } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { listPrograms } from "@/lib/programs/service";
import { CreateApiUserForm } from "./create-api-user-form";

export const metadata: Metadata = { title: "New API user" };

export default async function NewApiUserPage() {
  const ctx = await requireCtx();
  if (!can(ctx.role, "apiusers:write")) notFound();
  const programs = await listPrograms(ctx, { sort: "name" });
  return (
    <FormPage
      title="New API user"
      description="Then issue its certificate and API key for each environment."
      back={{ href: "/api-users", label: "API users" }}
    >
      <CreateApiUserForm programs={programs.map((p) => ({ id: p.id, name: p.name }))} />
    </FormPage>
  );
}
