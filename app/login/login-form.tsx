"use client";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { AuthForm } from "@/components/shell/auth-form";
import { SubmitButton } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/form";

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      redirect: false,
    });
    if (res?.ok && !res.error) {
      // the second step asks for the second factor when one is due, else continues to `next` at once
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load: the new session cookie
      window.location.assign(`/login/two-factor?callbackUrl=${encodeURIComponent(next)}`);
      return;
    }
    setPending(false);
    setError(res?.error && res.error !== "CredentialsSignin" ? res.error : "Wrong email or password.");
  }

  return (
    <AuthForm onSubmit={onSubmit} refused={error} refusedRole="status">
      <Field id="email" label="Email">
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field id="password" label="Password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </Field>
      <SubmitButton pending={pending} pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
    </AuthForm>
  );
}
