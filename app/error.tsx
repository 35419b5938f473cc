"use client";
import { Button } from "@/components/ui/button";

/**
 * Errors above the portal's own boundary (app/(portal)/error.tsx sits inside its layout): the portal layout itself
 * failing, e.g. the session could not be read while the database restarts. A clear page instead of Next's bare one.
 */
export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-red-200 bg-white p-6 text-center shadow-sm">
      <h1 className="text-lg font-semibold text-slate-900">Something went wrong</h1>
      <p className="mt-2 text-sm text-slate-500">
        The page could not be loaded. Nothing was changed. Try again in a few seconds.
        {error.digest ? ` Reference: ${error.digest}.` : ""}
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
