import type { Progress } from './types.ts';

/** Done = every contact that reached an end state; the bar shows the share of the planned audience. */
export function doneOf(progress: Progress): number {
  return progress.planned - progress.pending - progress.inProgress;
}

export function ProgressBar(props: { progress: Progress }) {
  const { planned } = props.progress;
  const done = doneOf(props.progress);
  const percent = planned ? Math.round((done / planned) * 100) : 0;
  return (
    <div class="campaign-progress">
      <div
        class="progress"
        role="progressbar"
        aria-label="Ход кампании"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div style={{ width: `${percent}%` }} />
      </div>
      <span class="muted">
        {done} из {planned} ({percent}%)
      </span>
    </div>
  );
}

export function ProgressFigures(props: { progress: Progress }) {
  const p = props.progress;
  const items: Array<[string, number, string]> = [
    ['Запланировано', p.planned, ''],
    ['Ожидают', p.pending + p.inProgress, ''],
    ['Попыток', p.attempts, ''],
    ['Успешно', p.positive, 'ok'],
    ['Цель достигнута', p.goalMet, 'ok'],
    ['Не удалось', p.negative + p.unreachable, 'bad'],
    ['Отказались', p.optedOut, 'warn'],
  ];
  return (
    <div class="grid four campaign-figures">
      {items.map(([label, value, tone]) => (
        <div class="panel" key={label}>
          <div class="muted">{label}</div>
          <div class={`figure ${tone}`} data-figure={label}>
            {value}
          </div>
        </div>
      ))}
    </div>
  );
}
