"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { CHART_COLORS } from "./colors";

export type CompletionPoint = { day: string; pct: number };

/** Share of items decided, cumulative by day (0–100 %). */
export function CompletionChart({ data, height = 180 }: { data: CompletionPoint[]; height?: number }) {
  const label = data.length
    ? `Completion: ${data.map((d) => `${d.day} ${d.pct}%`).join(", ")}`
    : "No decisions yet";
  return (
    <div style={{ height }} className="w-full text-xs" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="day" tick={{ fill: "#71717a", fontSize: 11 }} axisLine={false} tickLine={false} />
          <YAxis
            domain={[0, 100]}
            tickFormatter={(v: number) => `${v}%`}
            tick={{ fill: "#71717a", fontSize: 11 }}
            axisLine={false}
            tickLine={false}
            width={40}
          />
          <Tooltip
            formatter={(v) => [`${Number(v)}%`, "Decided"]}
            contentStyle={{ borderRadius: 6, borderColor: "#e4e4e7", fontSize: 12 }}
          />
          <Area
            type="monotone"
            dataKey="pct"
            stroke={CHART_COLORS[0]}
            fill={CHART_COLORS[0]}
            fillOpacity={0.15}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
