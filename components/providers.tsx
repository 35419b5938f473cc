"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ReauthProvider } from "@/components/shell/reauth";

/** React Query for the client islands that need live data (review status, delivery logs); the re-authentication prompt. */
export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000, retry: 1 } } }));
  return (
    <QueryClientProvider client={client}>
      <ReauthProvider>{children}</ReauthProvider>
    </QueryClientProvider>
  );
}
