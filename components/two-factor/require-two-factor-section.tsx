"use client";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useReauth } from "@/components/shell/reauth";
import { showActionError } from "@/lib/actions/client-result";
import { setTwoFactorRequirementAction } from "@/lib/two-factor/actions";
import type { TwoFactorRequirement } from "@/lib/two-factor/tenant-requirement";

/** Tenant admins: "require 2FA for every member" (tenants:security). Rendered by a page that checked the permission. */
export function RequireTwoFactorSection({ requirement }: { requirement: TwoFactorRequirement }) {
  const router = useRouter();
  const withReauth = useReauth();
  const { required, membersWithoutFactor: n } = requirement;
  const set = async (value: boolean) => {
    const r = await withReauth(() => setTwoFactorRequirementAction({ required: value }));
    if (!r.ok) {
      showActionError(r);
      return false;
    }
    toast.success(value ? "Two-factor sign-in is now required" : "Two-factor sign-in is no longer required");
    router.refresh();
    return true;
  };
  return (
    <Card>
      <CardHeader
        title="Require two-factor sign-in for every member"
        description="A setting of your Tenant: everyone who signs in to it (members and partner users) without a second factor sets one up at their next sign-in."
      />
      <CardBody className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700" data-testid="require-two-factor-status">
          {required ? "Required for every member." : "Not required."} {n} {n === 1 ? "person" : "people"} (members and
          partner users) without a second factor.
        </p>
        <ConfirmDialog
          trigger={
            <Button variant={required ? "outline" : "default"}>
              {required ? "Stop requiring two-factor" : "Require two-factor for everyone"}
            </Button>
          }
          title={required ? "Stop requiring two-factor sign-in?" : "Require two-factor sign-in for every member?"}
          description={
            required
              ? "Members may then turn their second factor off. Those who have one keep it."
              : `${n} ${n === 1 ? "person" : "people"} (members and partner users) without a second factor will have to set one up at their next sign-in. Open sessions are not ended.`
          }
          confirmLabel={required ? "Stop requiring" : "Require"}
          confirmVariant={required ? "destructive" : "default"}
          onConfirm={() => set(!required)}
        />
      </CardBody>
    </Card>
  );
}
