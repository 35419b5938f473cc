import Link from "next/link";

/**
 * Newest/Older links of a keyset-paginated list. `query` is the list's filter query without its cursor; `cursor`
 * is the page shown (none on the newest page) and `nextCursor` the one after it (none on the last page).
 */
export function KeysetPager({
  path,
  query,
  cursor,
  nextCursor,
  hash = "",
}: {
  path: string;
  query: URLSearchParams;
  cursor: string | undefined;
  nextCursor: string | null;
  hash?: string;
}) {
  if (!nextCursor && !cursor) return null;
  const older = new URLSearchParams(query);
  if (nextCursor) older.set("cursor", nextCursor);
  return (
    <div className="flex justify-between px-5 py-3 text-sm">
      {cursor ? (
        <Link href={`${path}?${query}${hash}`} className="text-brand-700 hover:underline">
          ← Newest
        </Link>
      ) : (
        <span />
      )}
      {nextCursor ? (
        <Link href={`${path}?${older}${hash}`} className="text-brand-700 hover:underline">
          Older →
        </Link>
      ) : null}
    </div>
  );
}
