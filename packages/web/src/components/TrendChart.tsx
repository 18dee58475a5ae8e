/**
 * The weekly trend of one indicator: this week's figure as bars, the running total as a
 * line, the target as a dashed line. ECharts, with only the parts used here (tree-shaken),
 * drawn as SVG. Loaded on demand so the dashboard's cards render first.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { formatNumber } from '@giaoban/core';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export interface TrendChartProps {
  readonly weeks: readonly { week: string; start: string; end: string }[];
  readonly thisWeek: readonly number[];
  readonly toDate: readonly number[];
  readonly target: number | null;
  readonly labels: { readonly thisWeek: string; readonly toDate: string; readonly target: string; readonly week: string };
}

export default function TrendChart({ weeks, thisWeek, toDate, target, labels }: TrendChartProps) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return undefined;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    const axisLabel = (value: number) => formatNumber(value, 1);
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? formatNumber(v, 2) : String(v ?? '')),
      },
      xAxis: { type: 'category', data: weeks.map((w) => `${labels.week} ${w.week.slice(6)}`), axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: 'value', axisLabel: { formatter: axisLabel } },
      ],
      series: [
        { name: labels.thisWeek, type: 'bar', data: [...thisWeek], itemStyle: { color: '#7fa7d6' } },
        {
          name: labels.toDate, type: 'line', data: [...toDate], symbolSize: 6, itemStyle: { color: '#0b5cad' }, lineStyle: { width: 3 },
          markLine: target === null ? undefined : {
            symbol: 'none', lineStyle: { type: 'dashed', color: '#b3261e' },
            label: { formatter: `${labels.target}: ${formatNumber(target, 2)}`, position: 'insideEndTop' },
            data: [{ yAxis: target }],
          },
        },
      ],
    });
    const resize = () => chart.resize();
    const observer = new ResizeObserver(resize);
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [weeks, thisWeek, toDate, target, labels]);
  return <div ref={element} className="trend-chart" aria-hidden="true" />;
}
