"use client";

import {
  Bar,
  BarChart as RBarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { CHART_COLORS } from "./colors";
import { formatCompact, formatCount } from "./format";

export type BarDatum = { label: string; value: number; estimated?: boolean; color?: string };

/** Horizontal bars, one per category (labels on the left, values on hover and as ticks). */
export function HorizontalBarChart({
  data,
  height,
  color = CHART_COLORS[0],
  valueName = "Count",
}: {
  data: BarDatum[];
  height?: number;
  color?: string;
  valueName?: string;
}) {
  const h = height ?? Math.max(120, data.length * 34 + 30);
  return (
    <div
      style={{ height: h }}
      className="w-full text-xs"
      role="img"
      aria-label={data.map((d) => `${d.label}: ${formatCount(d.value, d.estimated)}`).join(", ")}
    >
      <ResponsiveContainer width="100%" height="100%">
        <RBarChart
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
          barCategoryGap={6}
        >
          <CartesianGrid horizontal={false} stroke="#e4e4e7" />
          <XAxis
            type="number"
            tickFormatter={formatCompact}
            tick={{ fill: "#71717a", fontSize: 11 }}
            axisLine={false}
            tickLine={false}
            allowDecimals={false}
          />
          <YAxis
            type="category"
            dataKey="label"
            width={110}
            tick={{ fill: "#3f3f46", fontSize: 12 }}
            axisLine={false}
            tickLine={false}
          />
          <Tooltip
            cursor={{ fill: "#f4f4f5" }}
            formatter={(value, _name, item) => [
              formatCount(Number(value), Boolean((item?.payload as BarDatum | undefined)?.estimated)),
              valueName,
            ]}
            contentStyle={{ borderRadius: 6, borderColor: "#e4e4e7", fontSize: 12 }}
          />
          <Bar dataKey="value" radius={[0, 4, 4, 0]} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.label} fill={d.color ?? color} />
            ))}
          </Bar>
        </RBarChart>
      </ResponsiveContainer>
    </div>
  );
}
