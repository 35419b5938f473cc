import { Download } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** A page-header button that downloads a file (an export, a CA certificate, a spec) rather than navigating. */
export function DownloadButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Button variant="outline" asChild>
      <a href={href} download>
        <Download className="h-4 w-4" aria-hidden />
        {children}
      </a>
    </Button>
  );
}
