"use client";
import { LogOut, MonitorX, ShieldCheck, UserRound } from "lucide-react";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { DropdownMenu } from "radix-ui";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { showActionError } from "@/lib/actions/client-result";
import { signOutEverywhereAction } from "@/lib/session/actions";

const itemClass =
  "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-slate-700 outline-none data-[highlighted]:bg-slate-100";

export function UserMenu({ email, roleLabel }: { email: string; roleLabel: string }) {
  const [confirmAll, setConfirmAll] = useState(false);
  return (
    <>
      {/* not modal: the confirmation dialog opens from it, and a modal menu would leave the page inert after it */}
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger
          className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100"
          aria-label="User menu"
        >
          <span className="flex h-7 w-7 items-center justify-center rounded-full bg-slate-200 text-slate-600">
            <UserRound className="h-4 w-4" aria-hidden />
          </span>
          <span className="hidden text-left leading-tight sm:block">
            <span className="block font-medium text-slate-800">{email}</span>
            <span className="block text-[11px] text-slate-500">{roleLabel}</span>
          </span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="end"
            sideOffset={6}
            className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg"
          >
            <DropdownMenu.Label className="px-2 py-1.5 text-xs text-slate-500">{email}</DropdownMenu.Label>
            <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
            <DropdownMenu.Item asChild className={itemClass}>
              <Link href="/settings/profile">
                <UserRound className="h-4 w-4" aria-hidden /> Profile
              </Link>
            </DropdownMenu.Item>
            <DropdownMenu.Item asChild className={itemClass}>
              <Link href="/settings/security">
                <ShieldCheck className="h-4 w-4" aria-hidden /> Security
              </Link>
            </DropdownMenu.Item>
            <DropdownMenu.Separator className="my-1 h-px bg-slate-100" />
            <DropdownMenu.Item onSelect={() => signOut({ callbackUrl: "/login" })} className={itemClass}>
              <LogOut className="h-4 w-4" aria-hidden /> Sign out
            </DropdownMenu.Item>
            <DropdownMenu.Item onSelect={() => setConfirmAll(true)} className={itemClass}>
              <MonitorX className="h-4 w-4" aria-hidden /> Sign out of all sessions
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ConfirmDialog
        open={confirmAll}
        onOpenChange={setConfirmAll}
        title="Sign out of all sessions?"
        confirmLabel="Sign out everywhere"
        description="Every browser signed in as you, this one included, is signed out at once. Anyone using a copy of your session is signed out too. You sign in again with your password."
        onConfirm={async () => {
          const r = await signOutEverywhereAction();
          if (!r.ok) {
            showActionError(r);
            return false;
          }
          await signOut({ callbackUrl: "/login" });
          return true;
        }}
      />
    </>
  );
}
