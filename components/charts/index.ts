export { HorizontalBarChart, type BarDatum } from "./bar-chart";
export { DonutChart, type DonutDatum } from "./donut-chart";
export { CompletionChart, type CompletionPoint } from "./completion-chart";
export { CHART_COLORS, TONE_COLORS } from "./colors";
export { formatCount, formatCompact } from "./format";
