"use client";
import { Menu, X } from "lucide-react";
import { Dialog } from "radix-ui";
import { useState } from "react";
import type { NavItem } from "@/components/shell/nav";
import { Brand, NavList } from "@/components/shell/nav-list";

/** Below 1024 px the sidebar becomes a menu button that opens the same links in a drawer. */
export function MobileNav({ items, tenantName }: { items: NavItem[]; tenantName: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="rounded-md p-2 text-slate-700 hover:bg-slate-100 lg:hidden" aria-label="Open menu">
        <Menu className="h-5 w-5" aria-hidden />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 lg:hidden" />
        <Dialog.Content className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col overflow-y-auto bg-white pb-4 shadow-xl lg:hidden">
          <div className="flex h-14 items-center justify-between border-b border-slate-100 px-5">
            <Brand />
            <Dialog.Close className="rounded-md p-2 text-slate-700 hover:bg-slate-100" aria-label="Close menu">
              <X className="h-5 w-5" aria-hidden />
            </Dialog.Close>
          </div>
          <Dialog.Title className="px-5 pt-4 pb-2 text-[11px] font-semibold uppercase tracking-wider text-slate-600">
            {tenantName}
          </Dialog.Title>
          <Dialog.Description className="sr-only">Main navigation</Dialog.Description>
          <NavList items={items} onNavigate={() => setOpen(false)} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
