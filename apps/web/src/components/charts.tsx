import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface BarChartProps {
  /** What the chart shows, read by screen readers (the figures are in the table beside it). */
  label: string;
  labels: string[];
  /** Amounts in cents. */
  values: number[];
  format: (cents: number) => string;
  /** Bars along the x axis (categories down the side), for long labels. */
  horizontal?: boolean;
}

/** A bar chart of amounts (Chart.js, on a canvas): the image of a table the page shows beside it. */
export default function BarChart({ label, labels, values, format, horizontal = false }: BarChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Drawn again only when what it shows changes (not on every render of the page).
  const shown = JSON.stringify([label, labels, values, horizontal]);
  const formatRef = useRef(format);
  formatRef.current = format;
  useEffect(() => {
    const format = (cents: number) => formatRef.current(cents);
    if (!canvas.current) return undefined;
    const amountAxis = {
      beginAtZero: true,
      ticks: { callback: (value: string | number) => format(Math.round(Number(value) * 100)).replace(/[,.]00(?!\d)/, ''), color: '#1a1a1a' },
      grid: { color: '#d0d0d0' },
    };
    const categoryAxis = { ticks: { color: '#1a1a1a', autoSkip: false }, grid: { display: false } };
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: [{ label, data: values.map((cents) => cents / 100), backgroundColor: '#1f4e8c', borderRadius: 2 }] },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { callbacks: { label: (item) => format(Math.round(Number(item.raw) * 100)) } } },
        scales: horizontal ? { x: amountAxis, y: categoryAxis } : { x: categoryAxis, y: amountAxis },
      },
    });
    return () => chart.destroy();
    // `shown` stands for label, labels, values and horizontal
  }, [shown]);
  const height = horizontal ? Math.max(labels.length * 36 + 50, 120) : 260;
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
