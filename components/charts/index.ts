export { HorizontalBarChart, type BarDatum } from "./bar-chart";
export { DonutChart, type DonutDatum } from "./donut-chart";
export { CHART_COLORS, TONE_COLORS } from "./colors";
export { formatCount, formatCompact } from "./format";
