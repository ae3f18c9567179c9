import { formatDate, formatDateTime, formatDuration, formatKopecks } from '../../../components/format.ts';
import { Badge, Empty, Panel } from '../../../components/ui.tsx';
import { hasRole, useSession } from '../../../session.ts';
import { labelOf, useAppealOptions } from '../appeals/options.ts';
import type { ClientCard, Outage } from './types.ts';

/** The parts of the card shown once the client is identified. */
export function CardSections(props: { card: ClientCard }) {
  const { card } = props;
  const options = useAppealOptions();
  const mayPlay = hasRole(useSession(), ['supervisor', 'quality']);
  const balance = card.balance;
  return (
    <div class="card-sections">
      {balance && (
        <Panel title="Расчёты">
          <div class="grid three">
            <Figure
              label="К оплате"
              value={formatKopecks(balance.dueKopecks)}
              tone={balance.dueKopecks > 0 ? 'warn' : 'ok'}
            />
            <Figure
              label="Задолженность"
              value={formatKopecks(balance.overdueKopecks)}
              tone={balance.overdueKopecks > 0 ? 'bad' : 'ok'}
            />
            <Figure label="Аванс" value={formatKopecks(balance.advanceKopecks)} />
          </div>
          <p class="muted">
            Ближайший срок оплаты: {formatDate(balance.nextDueDate)}. Последний платёж:{' '}
            {balance.lastPayment
              ? `${formatKopecks(balance.lastPayment.amountKopecks)} от ${formatDateTime(balance.lastPayment.paidAt)}`
              : 'нет'}
            .
          </p>
        </Panel>
      )}
      <div class="grid two">
        <Panel title="Начисления">
          <Table
            empty="Начислений нет"
            head={['Период', 'Зона', 'кВт·ч', 'Сумма', 'Оплатить до']}
            rows={(card.charges ?? []).map((c) => [
              c.period,
              labelOf(options?.zones, c.zone),
              c.kwh,
              formatKopecks(c.amountKopecks),
              formatDate(c.dueDate),
            ])}
          />
        </Panel>
        <Panel title="Платежи">
          <Table
            empty="Платежей нет"
            head={['Дата', 'Сумма', 'Способ']}
            rows={(card.payments ?? []).map((p) => [
              formatDateTime(p.paidAt),
              formatKopecks(p.amountKopecks),
              p.method,
            ])}
          />
        </Panel>
        <Panel title="Приборы учёта">
          {(card.meters ?? []).length === 0 && <Empty>Приборов учёта нет</Empty>}
          {(card.meters ?? []).map((meter) => (
            <p key={meter.serial}>
              <strong>№ {meter.serial}</strong> · поверка до {formatDate(meter.verifiedUntil)} · последние
              показания:{' '}
              {meter.lastReadings
                .map((r) => `${labelOf(options?.zones, r.zone)} ${r.value} (${formatDate(r.takenAt)})`)
                .join(', ') || 'нет'}
            </p>
          ))}
          <Table
            empty="Показаний нет"
            head={['Дата', 'Счётчик', 'Зона', 'Значение', 'Канал', 'Итог']}
            rows={(card.readings ?? []).map((r) => [
              formatDateTime(r.takenAt),
              r.meterSerial,
              labelOf(options?.zones, r.zone),
              r.value ?? '—',
              labelOf(options?.channels, r.channel),
              r.state === 'accepted'
                ? 'принято'
                : `отклонено: ${labelOf(options?.readingRejections, r.rejectReason)}`,
            ])}
          />
        </Panel>
        <Panel title="Предыдущие обращения">
          <Table
            empty="Обращений нет"
            head={['Номер', 'Темы', 'Зарегистрировано', 'Срок', 'Состояние']}
            rows={(card.appeals ?? []).map((a) => [
              a.regNumber,
              a.topics.map((t) => labelOf(options?.topics, t)).join(', '),
              formatDateTime(a.registeredAt),
              formatDateTime(a.dueAt),
              a.stateLabel,
            ])}
          />
        </Panel>
        <Panel title="Предыдущие контакты">
          <Table
            empty="Контактов нет"
            head={['Начало', 'Канал', 'Оператор', 'Итог', 'Обращение']}
            rows={(card.interactions ?? []).map((i) => [
              formatDateTime(i.startedAt),
              labelOf(options?.channels, i.channel),
              i.agentName ?? '—',
              i.outcomeLabel ?? '—',
              i.appealNumber ?? '—',
            ])}
          />
        </Panel>
        <Panel title="Записи разговоров">
          {(card.recordings ?? []).length === 0 ? (
            <Empty>Записей нет</Empty>
          ) : (
            <ul class="plain">
              {(card.recordings ?? []).map((r) => {
                const title = `Запись от ${formatDateTime(r.startedAt)}${r.durationMs !== null ? ` (${formatDuration(r.durationMs)})` : ''}`;
                // The player is the supervision area's page (supervisors and quality); operators see the list.
                return <li key={r.id}>{mayPlay ? <a href={`#/recordings/${r.id}`}>{title}</a> : title}</li>;
              })}
            </ul>
          )}
        </Panel>
      </div>
    </div>
  );
}

export function OutagesPanel(props: { outages: Outage[]; masked: boolean }) {
  return (
    <Panel title={props.masked ? 'Отключения в населённом пункте' : 'Отключения по адресу'}>
      {props.outages.length === 0 ? (
        <Empty>Отключений нет</Empty>
      ) : (
        <ul class="plain">
          {props.outages.map((o) => (
            <li key={o.id}>
              <Badge tone={o.current ? 'bad' : 'warn'}>{o.current ? 'сейчас' : 'планируется'}</Badge>{' '}
              {o.kind === 'planned' ? 'Плановое' : 'Аварийное'}: {formatDateTime(o.startsAt)} —{' '}
              {o.endsAt ? formatDateTime(o.endsAt) : 'до устранения'}; {o.reason}.{' '}
              {o.streets.length ? `Улицы: ${o.streets.join(', ')}. ` : ''}
              {o.gridCompany}, {o.gridPhone}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function Figure(props: { label: string; value: string; tone?: 'ok' | 'warn' | 'bad' }) {
  return (
    <div class="money-figure">
      <span class="muted">{props.label}</span>
      <span class={`figure ${props.tone ?? ''}`}>{props.value}</span>
    </div>
  );
}

function Table(props: { head: string[]; rows: string[][]; empty: string }) {
  if (props.rows.length === 0) return <Empty>{props.empty}</Empty>;
  return (
    <table>
      <thead>
        <tr>
          {props.head.map((cell) => (
            <th key={cell}>{cell}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, index) => (
          <tr key={index}>
            {row.map((cell, column) => (
              <td key={column}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
