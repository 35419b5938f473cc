"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { SubmitButton } from "@/components/ui/button";
import { FormInput, FormSelect, Options } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { addWalletAddressAction } from "@/lib/wallets/actions";
import { addWalletAddressSchema, CHAIN_INFO, CHAINS, type Chain } from "@/lib/wallets/schemas";

export function AddWalletForm({ programId }: { programId: string }) {
  const router = useRouter();
  const ref = useRef<HTMLFormElement>(null);
  const [chain, setChain] = useState<Chain>("evm");
  const { pending, onSubmit, ...form } = useActionForm(addWalletAddressAction, {
    schema: addWalletAddressSchema,
    onSuccess: (w) => {
      toast.success(`${CHAIN_INFO[w.chain].label} address added`, { description: w.address });
      // keep the chosen chain (several addresses of one chain are often added in a row)
      for (const name of ["address", "label"]) {
        const input = ref.current?.elements.namedItem(name);
        if (input instanceof HTMLInputElement) input.value = "";
      }
      router.refresh();
    },
  });
  return (
    <form
      ref={ref}
      onSubmit={onSubmit}
      className="grid grid-cols-1 gap-4 lg:grid-cols-[10rem_2fr_1fr_auto] lg:items-start [&>*]:min-w-0"
      noValidate
    >
      <input type="hidden" name="programId" value={programId} />
      <FormSelect
        form={form}
        name="chain"
        label="Chain"
        value={chain}
        onChange={(e) => setChain(e.target.value as Chain)}
      >
        <Options values={CHAINS} label={(c) => CHAIN_INFO[c].label} />
      </FormSelect>
      <FormInput
        form={form}
        name="address"
        label="Address"
        hint={CHAIN_INFO[chain].hint}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        maxLength={120}
        placeholder={CHAIN_INFO[chain].placeholder}
        className="font-mono"
      />
      <FormInput form={form} name="label" label="Label" hint="Whose wallet, what for." maxLength={80} />
      <SubmitButton pending={pending} pendingLabel="Checking…" className="lg:mt-6">
        Add address
      </SubmitButton>
    </form>
  );
}
