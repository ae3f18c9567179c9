/**
 * Bar charts in plain SVG (no chart library): grouped bars per label, a few grid lines, a legend.
 * The numbers stay readable for screen readers through the table each chart sits beside.
 */
export interface Series {
  name: string;
  /** CSS class of the bars: bar-accent, bar-ok, bar-warn, bar-bad. */
  tone: 'accent' | 'ok' | 'warn' | 'bad';
  values: (number | null)[];
}

const WIDTH = 640;
const HEIGHT = 160;
const PAD_LEFT = 34;
const PAD_BOTTOM = 20;
const PAD_TOP = 8;

/** A label cut to what fits under its bars (the full one is in each bar's tooltip and the table). */
function shorten(label: string, chars: number): string {
  return label.length > chars ? `${label.slice(0, Math.max(1, chars - 1))}…` : label;
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

export function BarChart(props: {
  title: string;
  labels: string[];
  series: Series[];
  /** Fixed top of the scale (100 for percentages); else rounded up from the data. */
  max?: number;
  unit?: string;
}) {
  const { labels, series } = props;
  const top = props.max ?? niceMax(Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0))));
  // A fixed drawing width: every chart has the same scale of text whatever the number of bars.
  const groupWidth = Math.min(64, (WIDTH - PAD_LEFT - 4) / Math.max(1, labels.length));
  const barWidth = Math.max(3, (groupWidth - 6) / Math.max(1, series.length));
  const width = WIDTH;
  const y = (value: number) => PAD_TOP + HEIGHT - (value / top) * HEIGHT;
  const grid = [0, 0.5, 1].map((share) => share * top);
  return (
    <figure class="chart">
      <svg
        role="img"
        aria-label={props.title}
        viewBox={`0 0 ${width} ${PAD_TOP + HEIGHT + PAD_BOTTOM}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title>{props.title}</title>
        {grid.map((value) => (
          <g key={value}>
            <line class="chart-grid" x1={PAD_LEFT} x2={width} y1={y(value)} y2={y(value)} />
            <text class="chart-axis" x={PAD_LEFT - 4} y={y(value) + 4} text-anchor="end">
              {Number.isInteger(value) ? value : value.toLocaleString('ru-RU', { maximumFractionDigits: 1 })}
              {props.unit ?? ''}
            </text>
          </g>
        ))}
        {labels.map((label, i) => (
          <g key={label} transform={`translate(${PAD_LEFT + i * groupWidth + 2},0)`}>
            {series.map((s, j) => {
              const value = s.values[i] ?? 0;
              return (
                <rect
                  key={s.name}
                  class={`bar bar-${s.tone}`}
                  x={j * barWidth}
                  y={y(value)}
                  width={barWidth - 1}
                  height={PAD_TOP + HEIGHT - y(value)}
                >
                  <title>{`${label}: ${s.name} — ${s.values[i] === null ? 'нет данных' : value}${props.unit ?? ''}`}</title>
                </rect>
              );
            })}
            <text class="chart-axis" x={(groupWidth - 4) / 2} y={PAD_TOP + HEIGHT + 14} text-anchor="middle">
              {shorten(label, Math.floor(groupWidth / 6.5))}
            </text>
          </g>
        ))}
      </svg>
      <figcaption class="chart-legend">
        <strong>{props.title}</strong>
        {series.map((s) => (
          <span key={s.name}>
            <i class={`swatch bar-${s.tone}`} /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
