"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ReauthProvider } from "@/components/shell/reauth";
import { CopyDelegate } from "@/components/ui/copy-delegate";

/** React Query for the client islands that need live data (review status, delivery logs); the re-authentication prompt; the
 * one click listener of the copy buttons. */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } }));
  return (
    <QueryClientProvider client={client}>
      <ReauthProvider>{children}</ReauthProvider>
      <CopyDelegate />
    </QueryClientProvider>
  );
}
