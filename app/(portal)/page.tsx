import { redirect } from "next/navigation";
import { requireCtx } from "@/lib/auth/session";

export default async function Home() {
  const ctx = await requireCtx();
  if (ctx.role === "staff_reviewer") redirect("/staff");
  if (ctx.role === "partner_viewer") redirect(ctx.programId ? `/programs/${ctx.programId}` : "/login");
  redirect("/programs");
}
