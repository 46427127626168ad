import { useId } from 'react';
import styles from './BarChart.module.css';

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The value as read aloud and printed at the bar's end (e.g. "42 %"). */
  readonly text: string;
}

const ROW = 28;
const LABEL_WIDTH = 220;
const BAR_WIDTH = 300;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + 90;

/**
 * A horizontal bar chart in plain SVG. The picture is one image whose accessible name lists
 * every bar with its value, so a screen reader hears the same numbers a sighted user sees;
 * pages also show the figures in a table.
 */
export function BarChart({
  title,
  bars,
  max,
}: {
  title: string;
  bars: readonly Bar[];
  /** The value of a full bar; the largest value when omitted. */
  max?: number;
}) {
  const captionId = useId();
  const top = max ?? Math.max(1, ...bars.map((b) => b.value));
  const description = bars.map((b) => `${b.label}: ${b.text}`).join('; ');
  const height = bars.length * ROW + 8;
  return (
    <figure className={styles.figure}>
      <figcaption id={captionId}>{title}</figcaption>
      <svg
        className={styles.svg}
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`${title}. ${description}`}
      >
        {bars.map((b, i) => {
          const y = i * ROW + 4;
          const w = top > 0 ? Math.max(0, Math.min(1, b.value / top)) * BAR_WIDTH : 0;
          return (
            <g key={b.label}>
              <text className={styles.label} x={LABEL_WIDTH - 8} y={y + 15} textAnchor="end">
                {b.label}
              </text>
              <rect className={styles.track} x={LABEL_WIDTH} y={y} width={BAR_WIDTH} height={20} />
              <rect className={styles.bar} x={LABEL_WIDTH} y={y} width={w} height={20} />
              <text className={styles.value} x={LABEL_WIDTH + BAR_WIDTH + 8} y={y + 15}>
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
