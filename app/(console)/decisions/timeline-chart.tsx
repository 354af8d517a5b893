"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { TONE_COLORS } from "@/components/charts/colors";
import { formatCompact } from "@/components/charts/format";
import type { TimelineBucket } from "@/lib/explorer/queries";

const tick = (iso: string, hours: number) => {
  const d = new Date(iso);
  return hours >= 24
    ? d.toISOString().slice(5, 10)
    : `${d.toISOString().slice(5, 10)} ${d.toISOString().slice(11, 16)}`;
};

/** Allows and denies per bucket, stacked (from the hourly roll-up). */
export function TimelineChart({ buckets, bucketHours }: { buckets: TimelineBucket[]; bucketHours: number }) {
  const allows = buckets.reduce((a, b) => a + b.allow, 0);
  const denies = buckets.reduce((a, b) => a + b.deny, 0);
  return (
    <div
      className="h-40 w-full text-xs"
      role="img"
      aria-label={`Timeline: ${allows} allows and ${denies} denies in ${buckets.length} buckets of ${bucketHours} hour(s)`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={buckets} margin={{ top: 4, right: 8, bottom: 0, left: 0 }} barCategoryGap={1}>
          <CartesianGrid vertical={false} stroke="#e4e4e7" />
          <XAxis
            dataKey="at"
            tickFormatter={(v: string) => tick(v, bucketHours)}
            tick={{ fill: "#71717a", fontSize: 11 }}
            minTickGap={40}
            axisLine={false}
            tickLine={false}
          />
          <YAxis
            tickFormatter={formatCompact}
            tick={{ fill: "#71717a", fontSize: 11 }}
            width={40}
            axisLine={false}
            tickLine={false}
            allowDecimals={false}
          />
          <Tooltip
            labelFormatter={(v) => `${new Date(String(v)).toISOString().slice(0, 16).replace("T", " ")} UTC`}
            contentStyle={{ borderRadius: 6, borderColor: "#e4e4e7", fontSize: 12 }}
          />
          <Bar
            dataKey="allow"
            name="Allows"
            stackId="d"
            fill={TONE_COLORS.success}
            isAnimationActive={false}
          />
          <Bar dataKey="deny" name="Denies" stackId="d" fill={TONE_COLORS.danger} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
