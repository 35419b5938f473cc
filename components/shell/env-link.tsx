import type { ReactNode } from "react";

/**
 * A link that may carry `?env=`: a full page load, not a client navigation, because the environment is
 * switched by proxy.ts on arrival and the portal layout (the header's environment switch) must render again.
 */
export function EnvLink({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  return (
    <a href={href} className={className}>
      {children}
    </a>
  );
}
