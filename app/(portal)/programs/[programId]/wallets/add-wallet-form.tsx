"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/form";
import { useActionForm } from "@/components/ui/use-action-form";
import { addWalletAddressAction } from "@/lib/wallets/actions";
import { addWalletAddressSchema, CHAIN_INFO, CHAINS, type Chain } from "@/lib/wallets/schemas";

export function AddWalletForm({ programId }: { programId: string }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [chain, setChain] = useState<Chain>("evm");
  const { pending, errors, onSubmit, field } = useActionForm(addWalletAddressAction, {
    schema: addWalletAddressSchema,
    onSuccess: (w) => {
      toast.success(`${CHAIN_INFO[w.chain].label} address added`, { description: w.address });
      // keep the chosen chain (several addresses of one chain are often added in a row)
      for (const name of ["address", "label"]) {
        const input = form.current?.elements.namedItem(name);
        if (input instanceof HTMLInputElement) input.value = "";
      }
      router.refresh();
    },
  });
  return (
    <form
      ref={form}
      onSubmit={onSubmit}
      className="grid grid-cols-1 gap-4 lg:grid-cols-[10rem_2fr_1fr_auto] lg:items-start [&>*]:min-w-0"
      noValidate
    >
      <input type="hidden" name="programId" value={programId} />
      <Field id="chain" label="Chain" error={errors.chain}>
        <Select
          id="chain"
          name="chain"
          value={chain}
          onChange={(e) => setChain(e.target.value as Chain)}
          {...field("chain")}
        >
          {CHAINS.map((c) => (
            <option key={c} value={c}>
              {CHAIN_INFO[c].label}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="address" label="Address" error={errors.address} hint={CHAIN_INFO[chain].hint}>
        <Input
          id="address"
          name="address"
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          maxLength={120}
          placeholder={CHAIN_INFO[chain].placeholder}
          className="font-mono"
          {...field("address")}
        />
      </Field>
      <Field id="label" label="Label" error={errors.label} hint="Whose wallet, what for.">
        <Input id="label" name="label" maxLength={80} {...field("label")} />
      </Field>
      <Button type="submit" disabled={pending} className="lg:mt-6">
        {pending ? "Checking…" : "Add address"}
      </Button>
    </form>
  );
}
