import { Download } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/form";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { orNotFound } from "@/lib/auth/page-helpers";
import { requireCtx } from "@/lib/auth/session";
import { STATUS_LABELS, TRANSACTION_STATUSES, TRANSACTION_TYPES, transactionFilterSchema, TYPE_LABELS } from "@/lib/monitoring/schemas";
import { listTransactions } from "@/lib/monitoring/service";
import { listPrograms } from "@/lib/programs/service";
import { fieldErrorsOf } from "@/lib/validation";
import { MonitoringTabs, STATUS_TONES, surfacesFor } from "../monitoring-tabs";

export const metadata: Metadata = { title: "Transactions" };

const FILTER_KEYS = ["program", "from", "to", "status", "type", "min", "max", "q"] as const;

export default async function TransactionsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireCtx();
  const sp = await searchParams;
  const surfaces = await surfacesFor(ctx);
  if (!surfaces.transactions) notFound();
  const partner = ctx.role === "partner_viewer";
  const parsed = transactionFilterSchema.safeParse(sp);
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const filter = parsed.success ? parsed.data : { program: sp.program };
  const [page, programs] = await orNotFound(Promise.all([listTransactions(ctx, filter), partner ? Promise.resolve([]) : listPrograms(ctx, { sort: "name" })]));
  const query = new URLSearchParams(FILTER_KEYS.flatMap((k) => (sp[k] ? [[k, sp[k]!]] : [])));
  const nextQuery = new URLSearchParams(query);
  if (page.nextCursor) nextQuery.set("cursor", page.nextCursor);
  const filtered = [...query.keys()].some((k) => k !== "program");
  const field = (id: string, label: string, control: React.ReactNode) => (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">{label}</label>
      {control}
      {errors[id] ? <p className="mt-1 text-xs text-red-600" role="alert">{errors[id]}</p> : null}
    </div>
  );

  return (
    <>
      <PageHeader title="Transactions" description={`Newest first · ${ctx.environment}${partner ? " · cardholder references masked" : ""}`}
        actions={parsed.success ? <Button variant="outline" asChild><a href={`/monitoring/transactions/export?${query}`} download><Download className="h-4 w-4" aria-hidden />Export CSV</a></Button> : null} />
      <MonitoringTabs current="transactions" surfaces={surfaces} program={filter.program} />
      <Card>
        <form className="grid gap-3 border-b border-slate-100 px-5 py-3 sm:grid-cols-4" aria-label="Filter transactions">
          {!partner ? field("program", "Program", (
            <Select id="program" name="program" defaultValue={sp.program ?? ""}>
              <option value="">All programs</option>
              {programs.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </Select>
          )) : null}
          {field("from", "From", <Input id="from" name="from" type="date" defaultValue={sp.from ?? ""} />)}
          {field("to", "To", <Input id="to" name="to" type="date" defaultValue={sp.to ?? ""} />)}
          {field("status", "Status", (
            <Select id="status" name="status" defaultValue={sp.status ?? ""}>
              <option value="">Any status</option>
              {TRANSACTION_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
            </Select>
          ))}
          {field("type", "Type", (
            <Select id="type" name="type" defaultValue={sp.type ?? ""}>
              <option value="">Any type</option>
              {TRANSACTION_TYPES.map((t) => <option key={t} value={t}>{TYPE_LABELS[t]}</option>)}
            </Select>
          ))}
          {field("min", "Amount from", <Input id="min" name="min" inputMode="decimal" placeholder="0.00" defaultValue={sp.min ?? ""} />)}
          {field("max", "Amount to", <Input id="max" name="max" inputMode="decimal" placeholder="any" defaultValue={sp.max ?? ""} />)}
          {field("q", "Search", <Input id="q" name="q" placeholder={page.merchantShown ? "Merchant, reference or id" : "Reference or id"} defaultValue={sp.q ?? ""} />)}
          <div className="flex items-end gap-2 sm:col-span-4">
            <Button type="submit" variant="outline">Filter</Button>
            {query.size ? <Button variant="ghost" asChild><Link href="/monitoring/transactions">Reset</Link></Button> : null}
            <span className="ml-auto text-xs text-slate-500">Amounts are in each transaction&apos;s own currency.</span>
          </div>
        </form>
        {page.transactions.length === 0 ? (
          <EmptyState title={filtered ? "No transactions match" : "No transactions yet"}>
            {filtered ? "Widen the filters or reset them." : "Transactions reported by the card platform appear here."}
          </EmptyState>
        ) : (
          <Table aria-label="Transactions">
            <thead>
              <tr>
                <Th>Time (UTC)</Th>{!partner ? <Th>Program</Th> : null}<Th>Type</Th><Th>Status</Th><Th className="text-right">Amount</Th>
                <Th>Card</Th>{page.merchantShown ? <Th>Merchant</Th> : null}<Th>Reference</Th>
              </tr>
            </thead>
            <tbody>
              {page.transactions.map((t) => (
                <tr key={t.id}>
                  <Td className="whitespace-nowrap tabular-nums text-slate-600" title={t.id}>{t.createdAt.toISOString().replace("T", " ").slice(0, 19)}</Td>
                  {!partner ? <Td className="whitespace-nowrap">{t.programName}</Td> : null}
                  <Td className="whitespace-nowrap">{TYPE_LABELS[t.type]}</Td>
                  <Td><Badge tone={STATUS_TONES[t.status]}>{STATUS_LABELS[t.status]}</Badge></Td>
                  <Td className="whitespace-nowrap text-right tabular-nums">{t.amount} <span className="text-slate-500">{t.currency}</span></Td>
                  <Td className="whitespace-nowrap font-mono text-xs text-slate-600">•••• {t.cardLast4}<span className="block text-slate-500">{t.cardholderRef}</span></Td>
                  {page.merchantShown ? <Td>{t.merchantName ?? "—"}{t.merchantCountry ? <span className="ml-1 text-xs text-slate-500">{t.merchantCountry}</span> : null}</Td> : null}
                  <Td className="font-mono text-xs text-slate-600">{t.reference || "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {page.nextCursor || sp.cursor ? (
          <div className="flex justify-between px-5 py-3 text-sm">
            {sp.cursor ? <Link href={`/monitoring/transactions?${query}`} className="text-brand-700 hover:underline">← Newest</Link> : <span />}
            {page.nextCursor ? <Link href={`/monitoring/transactions?${nextQuery}`} className="text-brand-700 hover:underline">Older →</Link> : null}
          </div>
        ) : null}
      </Card>
    </>
  );
}
