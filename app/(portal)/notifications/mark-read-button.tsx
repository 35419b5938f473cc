"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { showActionError } from "@/lib/actions/client-result";
import { markNotificationsReadAction } from "@/lib/notifications/actions";

export function MarkReadButton() {
  const router = useRouter();
  return (
    <Button
      variant="outline"
      onClick={async () => {
        const r = await markNotificationsReadAction();
        if (!r.ok) return showActionError(r);
        router.refresh();
      }}
    >
      Mark all read
    </Button>
  );
}
