import { queueLabel } from '../../components/queues.ts';

/** An ACD alert as the wallboard gets it: from the `hello` snapshot or live as `acd.alert`. */
export interface AlertEvent {
  id?: string;
  type: string;
  kind: string;
  at: number;
  ix?: string;
  queue?: string;
  agent?: string;
  waited_ms?: string | number;
}

export interface AlertLine {
  key: string;
  at: number;
  tone: 'warn' | 'bad' | 'info';
  text: string;
}

const seconds = (ms: unknown) => Math.round(Number(ms) / 1000);

/** The feed's Russian line for an alert (R-ACD-1 missed offers, R-ACD-2 waits, R-ACD-5 chats). */
export function alertLine(
  event: AlertEvent,
  names: Record<string, string>,
  mediaOf: (queue: string) => string,
): AlertLine {
  const queue = event.queue ?? '';
  // The queue by its title, in quotes: titles have spaces and colons of their own.
  const named = `«${queueLabel(queue)}»`;
  const who = event.agent ? (names[event.agent] ?? `№ ${event.agent}`) : '';
  const key = event.id ?? `${event.kind}:${event.ix}:${event.at}`;
  const line = (tone: AlertLine['tone'], text: string) => ({ key, at: Number(event.at), tone, text });
  switch (event.kind) {
    case 'missed_offer':
      return line(
        'bad',
        `Оператор ${who} не принял ${mediaOf(queue) === 'chat' ? 'чат' : 'вызов'} за 15 секунд (очередь ${named})`,
      );
    case 'wait_prealert':
      return line(
        'warn',
        `Очередь ${named}: клиент ждёт ${seconds(event.waited_ms)} с — приближается к 100 с`,
      );
    case 'wait_alert':
      return line('bad', `Очередь ${named}: ожидание превысило 100 секунд (${seconds(event.waited_ms)} с)`);
    case 'chat_first_answer_overdue':
      return line('bad', `Очередь ${named}: чат без ответа оператора дольше 15 минут`);
    case 'chat_appeal_overdue':
      return line('bad', `Очередь ${named}: обращение из чата не решено за рабочий день`);
    case 'wrap_up_auto_ended':
      return line('info', `Оператор ${who}: постобработка завершена автоматически через 5 минут`);
    default:
      return line('info', `Очередь ${named}: ${event.kind}`);
  }
}
