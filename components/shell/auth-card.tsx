import type { ReactNode } from "react";

/** The signed-out page frame (sign-in, invitation): the Axys mark, a title, a line of context, the content. */
export function AuthCard({ intro, children }: { intro: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div
            className="mx-auto mb-3 flex h-10 w-10 items-center justify-center rounded-lg bg-brand-600 text-lg font-bold text-white"
            aria-hidden
          >
            A
          </div>
          <h1 className="text-xl font-semibold text-slate-900">Axys Account Management</h1>
          {intro ? <p className="mt-1 text-sm text-slate-500">{intro}</p> : null}
        </div>
        {children}
      </div>
    </main>
  );
}
