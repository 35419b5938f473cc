/**
 * A small server-rendered SVG bar chart (no client JavaScript): one bar per point, a max gridline and
 * first/last labels. Values are decimal strings; bar heights only need display precision, so they
 * are scaled as numbers here and never fed back into any amount.
 */
export function BarChart({
  points,
  label,
  unit,
  height = 140,
}: {
  points: { x: string; y: string }[];
  label: string;
  unit: string;
  height?: number;
}) {
  const values = points.map((p) => Number(p.y));
  const max = Math.max(0, ...values);
  const w = 100 / Math.max(points.length, 1);
  const fmt = (v: number) => v.toLocaleString("en", { maximumFractionDigits: 0 });
  return (
    <figure className="w-full">
      <figcaption className="mb-2 flex items-baseline justify-between text-xs text-slate-500">
        <span className="font-medium text-slate-700">{label}</span>
        <span>
          max {fmt(max)} {unit}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 100 ${height}`}
        preserveAspectRatio="none"
        className="h-36 w-full"
        role="img"
        aria-label={`${label}: ${points.length} days, highest ${fmt(max)} ${unit}`}
      >
        <line x1="0" y1="0.5" x2="100" y2="0.5" stroke="#e2e8f0" strokeWidth="0.5" vectorEffect="non-scaling-stroke" />
        <line
          x1="0"
          y1={height - 0.5}
          x2="100"
          y2={height - 0.5}
          stroke="#cbd5e1"
          strokeWidth="0.5"
          vectorEffect="non-scaling-stroke"
        />
        {points.map((p, i) => {
          const h = max > 0 ? (values[i] / max) * (height - 4) : 0;
          return (
            <rect key={p.x} x={i * w + w * 0.12} y={height - h} width={w * 0.76} height={h} className="fill-brand-500">
              <title>{`${p.x}: ${p.y} ${unit}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="mt-1 flex justify-between text-[11px] text-slate-500 tabular-nums">
        <span>{points[0]?.x}</span>
        <span>{points[points.length - 1]?.x}</span>
      </div>
    </figure>
  );
}
