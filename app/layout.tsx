import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Axys Account Management", template: "%s · Axys Account Management" },
  description: "Programs, credentials and configuration for Axys Tenants.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so Next can put this response's CSP nonce on its scripts
  // (a prerendered page, like the default 404, would carry none and not hydrate). See proxy.ts.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        <Toaster position="top-right" richColors closeButton />
      </body>
    </html>
  );
}
