/** Chart palette: indigo accent first, then calm distinct hues. */
export const CHART_COLORS = [
  "#4f46e5",
  "#0ea5e9",
  "#10b981",
  "#f59e0b",
  "#8b5cf6",
  "#ec4899",
  "#14b8a6",
  "#64748b",
  "#a1a1aa",
] as const;

export const TONE_COLORS = {
  success: "#10b981",
  info: "#0ea5e9",
  warning: "#f59e0b",
  danger: "#ef4444",
  neutral: "#a1a1aa",
  accent: "#4f46e5",
} as const;
