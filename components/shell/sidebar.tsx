import type { NavItem } from "@/components/shell/nav";
import { Brand, NavList } from "@/components/shell/nav-list";

/** The desktop sidebar (1024 px and wider); narrower windows get the drawer in mobile-nav.tsx. */
export function Sidebar({ items, tenantName }: { items: NavItem[]; tenantName: string }) {
  return (
    <aside className="hidden w-60 shrink-0 flex-col border-r border-slate-200 bg-white lg:flex">
      <div className="flex h-14 items-center border-b border-slate-100 px-5">
        <Brand />
      </div>
      <div className="px-5 pt-4 pb-2 text-[11px] font-semibold uppercase tracking-wider text-slate-600">
        {tenantName}
      </div>
      <NavList items={items} />
    </aside>
  );
}
