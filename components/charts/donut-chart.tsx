"use client";

import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { CHART_COLORS } from "./colors";
import { formatCount } from "./format";

export type DonutDatum = { label: string; value: number; color?: string; estimated?: boolean; href?: string };

/** A donut with the total in the middle and a legend with values beside it. */
export function DonutChart({
  data,
  centerLabel = "Total",
  size = 180,
}: {
  data: DonutDatum[];
  centerLabel?: string;
  size?: number;
}) {
  const total = data.reduce((a, d) => a + d.value, 0);
  const estimated = data.some((d) => d.estimated);
  const shown = data.filter((d) => d.value > 0);
  return (
    <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-center">
      <div
        className="relative shrink-0"
        style={{ width: size, height: size }}
        role="img"
        aria-label={data.map((d) => `${d.label}: ${formatCount(d.value, d.estimated)}`).join(", ")}
      >
        <ResponsiveContainer width="100%" height="100%">
          <PieChart>
            <Pie
              data={shown.length ? shown : [{ label: "None", value: 1 }]}
              dataKey="value"
              nameKey="label"
              innerRadius="68%"
              outerRadius="100%"
              paddingAngle={shown.length > 1 ? 2 : 0}
              stroke="none"
              isAnimationActive={false}
            >
              {(shown.length ? shown : [{ label: "None", value: 1, color: "#e4e4e7" }]).map((d, i) => (
                <Cell key={d.label} fill={d.color ?? CHART_COLORS[i % CHART_COLORS.length]} />
              ))}
            </Pie>
            {shown.length ? (
              <Tooltip
                formatter={(value, name) => [formatCount(Number(value)), String(name)]}
                contentStyle={{ borderRadius: 6, borderColor: "#e4e4e7", fontSize: 12 }}
              />
            ) : null}
          </PieChart>
        </ResponsiveContainer>
        <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center">
          <span className="text-xl font-semibold text-zinc-900 tabular-nums">
            {formatCount(total, estimated)}
          </span>
          <span className="text-xs text-zinc-500">{centerLabel}</span>
        </div>
      </div>
      <ul className="w-full min-w-0 flex-1 space-y-1.5 text-sm">
        {data.map((d, i) => {
          const pct = total > 0 ? Math.round((d.value / total) * 1000) / 10 : 0;
          const body = (
            <>
              <span
                className="size-2.5 shrink-0 rounded-sm"
                style={{ background: d.color ?? CHART_COLORS[i % CHART_COLORS.length] }}
                aria-hidden
              />
              <span className="flex-1 truncate text-zinc-700">{d.label}</span>
              <span className="font-medium text-zinc-900 tabular-nums">
                {formatCount(d.value, d.estimated)}
              </span>
              <span className="w-12 text-right text-xs text-zinc-500 tabular-nums">{pct}%</span>
            </>
          );
          return (
            <li key={d.label}>
              {d.href ? (
                <a
                  href={d.href}
                  className="-mx-1.5 flex items-center gap-2 rounded px-1.5 py-0.5 hover:bg-zinc-50"
                >
                  {body}
                </a>
              ) : (
                <div className="flex items-center gap-2 py-0.5">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
