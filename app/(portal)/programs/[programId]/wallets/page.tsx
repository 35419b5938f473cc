import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, TitledCard } from "@/components/ui/card";
import { CopyableValue } from "@/components/ui/copyable-value";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ReadOnlyNotice } from "@/components/ui/read-only-notice";
import { ActionsTh, Td } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { orNotFound } from "@/lib/auth/page-helpers";
import { can, readOnlyReason } from "@/lib/auth/permissions";
import { requireCtx } from "@/lib/auth/session";
import { getProgram } from "@/lib/programs/service";
import { CHAIN_INFO, MAX_WALLETS_PER_PROGRAM, type Chain } from "@/lib/wallets/schemas";
import { listWalletAddresses } from "@/lib/wallets/service";
import { AddWalletForm } from "./add-wallet-form";
import { RemoveWalletButton } from "./remove-wallet-button";

export const metadata: Metadata = { title: "Wallet whitelist" };

const CHAIN_TONE: Record<Chain, "blue" | "amber" | "green"> = { evm: "blue", bitcoin: "amber", solana: "green" };

export default async function WalletsPage({ params }: { params: Promise<{ programId: string }> }) {
  const ctx = await requireCtx();
  const { programId } = await params;
  const [program, wallets] = await orNotFound(
    Promise.all([getProgram(ctx, programId), listWalletAddresses(ctx, programId)]),
  );
  const mayWrite = can(ctx.role, "wallets:write");
  return (
    <>
      <PageHeader
        title={`${program.name}: wallet whitelist`}
        description={`Addresses this Program may send funds to. The same list applies in staging and production. ${wallets.length} of ${MAX_WALLETS_PER_PROGRAM} addresses.`}
      />
      <ReadOnlyNotice reason={readOnlyReason(ctx.role, "wallets:write")} />
      <div className="space-y-6">
        <Card>
          <DataTable
            aria-label="Whitelisted addresses"
            columns={["Chain", "Address", "Label", "Added", mayWrite && <ActionsTh />]}
            rows={wallets}
            empty={
              <EmptyState title="No whitelisted addresses yet">
                {mayWrite
                  ? "Add the EVM, Bitcoin or Solana addresses this Program may pay out to."
                  : "No address may receive payouts from this Program yet."}
              </EmptyState>
            }
          >
            {(w) => (
              <tr key={w.id} data-testid="wallet" data-chain={w.chain} data-address={w.address}>
                <Td>
                  <Badge tone={CHAIN_TONE[w.chain]}>{CHAIN_INFO[w.chain].label}</Badge>
                </Td>
                <Td>
                  <CopyableValue
                    value={w.address}
                    what={`wallet address ${w.address}`}
                    className="text-xs text-slate-900"
                  />
                </Td>
                <Td className="text-slate-800">{w.label}</Td>
                <Td className="text-xs whitespace-nowrap text-slate-500">
                  {w.createdByLabel}
                  <br />
                  <Time value={w.createdAt} />
                </Td>
                {mayWrite ? (
                  <Td className="text-right">
                    <RemoveWalletButton id={w.id} address={w.address} label={w.label} />
                  </Td>
                ) : null}
              </tr>
            )}
          </DataTable>
        </Card>
        {mayWrite ? (
          <TitledCard
            title="Add an address"
            description="Checked for its chain before it is saved: checksums, lengths, mainnet only. Copy and paste it; never type it from memory."
          >
            <AddWalletForm programId={program.id} />
          </TitledCard>
        ) : null}
      </div>
    </>
  );
}
