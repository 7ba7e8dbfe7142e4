import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Series {
  label: string;
  color: string;
  values: number[];
}

/**
 * Daily counts as stacked bars, drawn by uPlot (canvas, ~50 kB). The canvas is hidden from
 * assistive technology: the legend and figure caption next to each chart carry the numbers.
 */
export function StackedBars({
  days,
  series,
  height = 220,
}: {
  days: string[];
  series: Series[];
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || days.length === 0) return;
    const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    // uPlot does not stack: each series is drawn as the running total, tallest first, so the
    // shorter ones paint over it and every band shows its own colour.
    const totals = series.map((_, i) =>
      days.map((_d, j) => series.slice(0, i + 1).reduce((n, s) => n + (s.values[j] ?? 0), 0)),
    );
    const order = series.map((s, i) => ({ s, data: totals[i] as number[] })).reverse();
    const bars = uPlot.paths.bars?.({ size: [0.7, 24], gap: 1 });
    const chart = new uPlot(
      {
        width: Math.max(el.clientWidth, 280),
        height,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] },
          y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
        },
        axes: [
          { stroke: "#5f6470", grid: { show: false }, ticks: { stroke: "#e0e3e8" } },
          {
            stroke: "#5f6470",
            grid: { stroke: "#eceef2" },
            ticks: { show: false },
            size: 36,
            incrs: [1, 2, 5, 10, 20, 50, 100],
          },
        ],
        series: [
          {},
          ...order.map(({ s }) => ({
            label: s.label,
            stroke: s.color,
            fill: s.color,
            width: 0,
            paths: bars,
            points: { show: false },
          })),
        ],
      },
      [xs, ...order.map((o) => o.data)],
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(el.clientWidth, 280), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [days, series, height]);
  return <div ref={box} className="time-chart" aria-hidden="true" />;
}
