"use client";
import {
  ArrowLeftRight,
  BookOpen,
  Contact,
  Bell,
  ChartColumn,
  ClipboardCheck,
  Handshake,
  House,
  Scale,
  CreditCard,
  KeyRound,
  LayoutGrid,
  ListChecks,
  ScrollText,
  ShieldCheck,
  UsersRound,
  Wallet,
  Webhook,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "@/components/shell/nav";
import { cn } from "@/lib/cn";

const ICONS = {
  home: House,
  programs: LayoutGrid,
  audit: ScrollText,
  review: ClipboardCheck,
  program: CreditCard,
  certificates: KeyRound,
  register: ListChecks,
  apiusers: UsersRound,
  allowlist: ShieldCheck,
  webhooks: Webhook,
  notifications: Bell,
  legal: Scale,
  team: Contact,
  apiref: BookOpen,
  monitoring: ChartColumn,
  transactions: ArrowLeftRight,
  balances: Wallet,
  partners: Handshake,
};

/** The main navigation links, shared by the desktop sidebar and the phone drawer. */
export function NavList({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const path = usePathname();
  return (
    <nav aria-label="Main" className="flex-1 space-y-0.5 px-3">
      {items.map((item) => {
        const Icon = ICONS[item.icon];
        // the most specific item wins ("/monitoring/transactions" over "/monitoring")
        const matches = (href: string) => path === href || path.startsWith(href + "/");
        const active =
          matches(item.href) &&
          !items.some((o) => o.href.length > item.href.length && o.href.startsWith(item.href + "/") && matches(o.href));
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            onClick={onNavigate}
            className={cn(
              "flex items-center gap-2.5 rounded-md px-2.5 py-2 text-sm font-medium",
              active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
            )}
          >
            <Icon className="h-4 w-4" aria-hidden />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}

export function Brand() {
  return (
    <div className="flex items-center gap-2">
      <div
        className="flex h-7 w-7 items-center justify-center rounded-md bg-brand-600 text-sm font-bold text-white"
        aria-hidden
      >
        A
      </div>
      <div className="leading-tight">
        <div className="text-sm font-semibold text-slate-900">Axys</div>
        <div className="text-[11px] text-slate-600">Account Management</div>
      </div>
    </div>
  );
}
