import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FormPage } from "@/components/ui/form-page";
import { can } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { CreateProgramForm } from "./create-program-form";

export const metadata: Metadata = { title: "New program" };

export default async function NewProgramPage() {
  const ctx = await requireCtx();
  if (!can(ctx.role, "programs:create")) notFound();
  return (
    <FormPage
      title="New program"
      description="A program id is assigned when you create it. Certificates, webhooks and allowlists follow on its page."
      back={{ href: "/programs", label: "Programs" }}
    >
      <CreateProgramForm />
    </FormPage>
  );
}
