"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { markNotificationsReadAction } from "@/lib/notifications/actions";

export function MarkReadButton() {
  const router = useRouter();
  return <Button variant="outline" onClick={async () => { await markNotificationsReadAction(); router.refresh(); }}>Mark all read</Button>;
}
