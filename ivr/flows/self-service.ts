import { numberToWords, readingToWords } from '../../core/nlu/index.ts';
import { renderBalance, renderOutages, renderReadingResults } from '../../core/selfservice/index.ts';
import { TARIFF_ZONE_LABEL_RU, type TopicId } from '../../core/vocabulary/index.ts';
import type { Dialog } from './dialog.ts';
import { identify } from './identify.ts';
import { spokenChoice, spokenReading, spokenYesNoKey } from './spoken-answers.ts';

/** What a self-service flow leaves the caller with: back to "anything else?" or to an operator. */
export type FlowEnd = 'served' | 'operator';

/** Debt, overdue part, due date and last payment, amounts in words (R-IVR-3). */
export async function balanceFlow(dialog: Dialog): Promise<FlowEnd> {
  if (!(await identify(dialog))) return 'served';
  const facts = await dialog.deps.selfService.balance(dialog.account!.accountNumber);
  await dialog.say(renderBalance(facts, 'voice'), 'balance');
  dialog.session.step('balance_told');
  return 'served';
}

/** Known outages at the identified account's address. */
export async function outagesFlow(dialog: Dialog): Promise<FlowEnd> {
  if (!(await identify(dialog))) return 'served';
  const outages = await dialog.deps.selfService.outages({ accountNumber: dialog.account!.accountNumber });
  await dialog.say(renderOutages(outages, 'voice'), 'outages');
  dialog.session.step('outages_told', { count: outages.length });
  return 'served';
}

/** A reference answer from the knowledge base (payment methods, tariffs, offices, online account). */
export async function referenceFlow(dialog: Dialog, topic: TopicId): Promise<FlowEnd> {
  const answer = await dialog.deps.selfService.referenceAnswer(topic, 'voice');
  dialog.session.step('reference', { topic, found: answer !== undefined });
  if (!answer) return 'operator';
  await dialog.say(answer, `reference:${topic}`);
  return 'served';
}

/** "12345*5" → "12345.5": the star is the decimal point on a phone keypad. */
function keypadReading(digits: string): string {
  return digits.replace('*', '.');
}

/** "12345.5" → "двенадцать тысяч … киловатт-часов, дробная часть пять" for the read-back. */
function readingAloud(value: string): string {
  const [whole = '0', fraction] = value.split('.');
  const words = readingToWords(Number(whole));
  return fraction ? `${words}, дробная часть ${numberToWords(Number(fraction))}` : words;
}

/**
 * Meter readings (R-IVR-3, appendix 2.3): choose the meter, then each zone's value by DTMF (a '*'
 * is the decimal point), read back and confirm, then billing validates. A rejected value is told
 * with billing's own reason.
 */
export async function readingFlow(dialog: Dialog): Promise<FlowEnd> {
  if (!(await identify(dialog))) return 'served';
  const { selfService } = dialog.deps;
  const meters = await selfService.meters(dialog.account!.accountNumber);
  if (meters.length === 0) return 'operator';
  let meter = meters[0]!;
  if (meters.length > 1) {
    const lines = meters.map((m, i) => `Счётчик ${i + 1}: заводской номер ${m.serial}.`).join(' ');
    const choice = await dialog.ask(['chooseMeter', lines], {
      numDigits: 1,
      valid: (d) => Number(d) >= 1 && Number(d) <= meters.length,
      spoken: spokenChoice,
      what: 'meter',
    });
    if (!choice) return 'operator';
    meter = meters[Number(choice) - 1]!;
  }
  for (let round = 1; round <= dialog.settings.maxAttempts; round++) {
    const values: Array<{ zone: (typeof meter.zones)[number]; value: string }> = [];
    for (const zone of meter.zones) {
      const zoneName = meter.zones.length > 1 ? ` зоны «${TARIFF_ZONE_LABEL_RU[zone]}»` : '';
      const digits = await dialog.ask(
        [
          `Введите показание${zoneName} без ведущих нулей и нажмите решётку. Дробную часть можно отделить звёздочкой.`,
        ],
        {
          finishOnKey: '#',
          maxDigits: 12,
          timeoutMs: 8_000,
          valid: (d) => /^\d{1,9}(\*\d{1,2})?$/.test(d),
          spoken: spokenReading,
          what: 'reading',
        },
      );
      if (!digits) return 'operator';
      values.push({ zone, value: keypadReading(digits) });
    }
    const readBack = values
      .map(
        (v) => `${meter.zones.length > 1 ? `${TARIFF_ZONE_LABEL_RU[v.zone]}: ` : ''}${readingAloud(v.value)}`,
      )
      .join(', ');
    const confirm = await dialog.ask([`Вы ввели: ${readBack}.`, 'readBackConfirm'], {
      numDigits: 1,
      valid: (d) => d === '1' || d === '2',
      spoken: spokenYesNoKey,
      what: 'reading_confirm',
    });
    if (!confirm) return 'operator';
    if (confirm === '2') continue;
    const submission = await selfService.submitReadings({
      accountNumber: dialog.account!.accountNumber,
      meterSerial: meter.serial,
      values,
      channel: 'phone',
      interactionId: dialog.session.interactionId,
    });
    dialog.session.step('reading_submitted', {
      accepted: submission.allAccepted,
      codes: submission.results.filter((r) => !r.accepted).map((r) => r.code ?? 'rejected'),
    });
    await dialog.say(renderReadingResults(submission, 'voice'), 'reading_result');
    return 'served';
  }
  return 'operator';
}
