import Link from "next/link";

/** The "Manage" link at the end of a per-scope row; `what` names the row for screen readers. */
export function ManageLink({ href, what }: { href: string; what: string }) {
  return (
    <Link className="text-sm font-medium text-brand-700 hover:underline" href={href} aria-label={`Manage ${what}`}>
      Manage
    </Link>
  );
}
