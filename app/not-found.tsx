import Link from "next/link";

export default function NotFound() {
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center gap-2 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="text-sm text-slate-500">This page does not exist, or it is not available to your account.</p>
      <Link href="/" className="mt-3 text-sm font-medium text-brand-700 hover:underline">
        Go to the start page
      </Link>
    </div>
  );
}
