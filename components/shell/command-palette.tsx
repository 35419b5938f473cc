"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Command } from "cmdk";
import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { Dialog } from "radix-ui";
import { useEffect, useState } from "react";
import { redirectIfSignedOut } from "@/lib/actions/client-result";
import { searchPortalAction } from "@/lib/search/actions";
import { SEARCH_MAX_LENGTH } from "@/lib/search/schemas";
import type { SearchHit, SearchResults } from "@/lib/search/service";

/** Query keys of the palette (one factory, like every feature's). */
export const searchKeys = { query: (q: string) => ["search", q] as const };

const GROUPS: { key: Exclude<keyof SearchResults, "query">; heading: string; mono?: boolean }[] = [
  { key: "programs", heading: "Programs" },
  { key: "apiUsers", heading: "API users" },
  { key: "certificates", heading: "Certificates", mono: true },
  { key: "webhooks", heading: "Webhooks", mono: true },
  { key: "allowlist", heading: "Allowlist", mono: true },
  { key: "transactions", heading: "Transactions", mono: true },
  { key: "pages", heading: "Pages" },
];

const DEBOUNCE_MS = 200;

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/**
 * Ctrl+K / Cmd+K (or the header's Search button) opens a search over Programs, API users, certificates by serial,
 * webhooks, allowlist entries, transactions by id and pages; the server decides what the reader may find (lib/search/service.ts). Arrow keys move, Enter
 * opens, Escape closes.
 */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const router = useRouter();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const change = (o: boolean) => {
    setOpen(o);
    if (!o) setQuery("");
  };
  const go = (href: string) => {
    change(false);
    // a link that carries ?env= is a full page load: proxy.ts switches the environment on arrival (as EnvLink)
    if (/[?&]env=/.test(href)) window.location.assign(href);
    else router.push(href);
  };

  return (
    <Dialog.Root open={open} onOpenChange={change}>
      <Dialog.Trigger
        className="flex items-center gap-2 rounded-md border border-slate-200 px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-50 hover:text-slate-900 sm:px-3"
        aria-keyshortcuts="Control+K Meta+K"
      >
        <Search className="h-4 w-4" aria-hidden />
        <span className="sr-only sm:not-sr-only">Search</span>
        <kbd
          aria-hidden
          className="hidden rounded border border-slate-200 bg-slate-50 px-1.5 font-sans text-[11px] text-slate-500 lg:inline"
        >
          Ctrl K
        </kbd>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-[8vh] left-1/2 z-50 flex max-h-[80vh] w-[min(40rem,calc(100vw-2rem))] -translate-x-1/2 flex-col overflow-hidden rounded-lg bg-white shadow-xl">
          <Dialog.Title className="sr-only">Search the portal</Dialog.Title>
          <Dialog.Description className="sr-only">
            Programs, API users, certificates by serial, webhooks, allowlist entries, transactions by id and pages.
            Arrow keys move, Enter opens, Escape closes.
          </Dialog.Description>
          <PaletteBody query={query} setQuery={setQuery} go={go} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function PaletteBody({
  query,
  setQuery,
  go,
}: {
  query: string;
  setQuery: (q: string) => void;
  go: (href: string) => void;
}) {
  const wanted = query.trim();
  const debounced = useDebounced(wanted, DEBOUNCE_MS);
  const { data, isFetching, error } = useQuery({
    queryKey: searchKeys.query(debounced),
    queryFn: async () => {
      const r = await searchPortalAction(debounced);
      if (!r.ok) {
        redirectIfSignedOut(r);
        throw new Error(r.message);
      }
      return r.data;
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
  const loading = wanted !== debounced || isFetching || (!data && !error);
  // results of an older query stay listed while the new one loads, but never speak for it
  const current = data && data.query === wanted ? data : null;
  const total = current ? GROUPS.reduce((n, g) => n + current[g.key].length, 0) : 0;
  const shown = data ?? null;
  // each new answer selects its first result, so Enter opens the best match (cmdk keeps a vanished selection otherwise)
  const first = shown ? (GROUPS.flatMap((g) => shown[g.key].map((h) => `${g.key}:${h.id}`))[0] ?? "") : "";
  const [selected, setSelected] = useState(first);
  const [answered, setAnswered] = useState(shown);
  if (shown !== answered) {
    setAnswered(shown);
    setSelected(first);
  }
  const status = error
    ? (error as Error).message
    : loading
      ? "Searching…"
      : total > 0
        ? `${total} result${total === 1 ? "" : "s"}`
        : wanted
          ? `No results for “${wanted}”`
          : "Type to search.";

  return (
    <Command
      label="Search the portal"
      shouldFilter={false}
      vimBindings={false}
      loop
      value={selected}
      onValueChange={setSelected}
      className="flex min-h-0 flex-col"
    >
      {/* the focus ring is the row's border: an outline round the input would be clipped by the dialog */}
      <div className="flex items-center gap-2 border-b-2 border-slate-200 px-4 focus-within:border-brand-500">
        <Search className="h-4 w-4 shrink-0 text-slate-400" aria-hidden />
        <Command.Input
          value={query}
          onValueChange={setQuery}
          maxLength={SEARCH_MAX_LENGTH}
          placeholder="Search programs, serials, pages…"
          className="h-12 min-w-0 flex-1 bg-transparent text-sm text-slate-900 outline-none! placeholder:text-slate-500"
        />
      </div>
      <p
        role="status"
        aria-live="polite"
        className={
          error
            ? "px-4 pt-3 text-sm text-red-700"
            : total === 0 || loading
              ? "px-4 pt-3 text-sm text-slate-600"
              : "sr-only"
        }
      >
        {status}
      </p>
      <Command.List label="Results" className="min-h-0 overflow-y-auto overscroll-contain px-2 pt-1 pb-2">
        {shown
          ? GROUPS.filter((g) => shown[g.key].length > 0).map((g) => (
              <Command.Group
                key={g.key}
                heading={g.heading}
                className="py-1 [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1.5 [&_[cmdk-group-heading]]:text-[11px] [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:uppercase [&_[cmdk-group-heading]]:tracking-wider [&_[cmdk-group-heading]]:text-slate-600"
              >
                {shown[g.key].map((hit: SearchHit) => (
                  <Command.Item
                    key={`${g.key}:${hit.id}`}
                    value={`${g.key}:${hit.id}`}
                    onSelect={() => go(hit.href)}
                    className="flex cursor-pointer flex-col rounded-md px-2 py-2 text-sm text-slate-800 data-[selected=true]:bg-brand-50 data-[selected=true]:text-brand-700"
                  >
                    <span
                      className={
                        g.mono ? "font-mono text-xs [overflow-wrap:anywhere]" : "font-medium [overflow-wrap:anywhere]"
                      }
                    >
                      {hit.label}
                    </span>
                    {hit.detail ? (
                      <span className="text-xs text-slate-600 [overflow-wrap:anywhere]">{hit.detail}</span>
                    ) : null}
                  </Command.Item>
                ))}
              </Command.Group>
            ))
          : null}
      </Command.List>
    </Command>
  );
}
