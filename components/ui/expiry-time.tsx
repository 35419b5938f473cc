import { Time } from "@/components/ui/time";

/** "expires in 12 days" / "expired 3 days ago" against the render's `now`; "—" when there is no expiry. */
export function ExpiryTime({ value, now }: { value: Date | null; now: Date }) {
  if (!value) return "—";
  return <Time value={value} relativeTo={now} prefix={value < now ? "expired" : "expires"} />;
}
