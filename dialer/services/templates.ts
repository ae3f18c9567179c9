import { moneyToWords } from '../../core/nlu/speak/index.ts';
import type { OutboundChannel } from '../../core/vocabulary/index.ts';
import {
  checkSmsTemplate,
  measureSms,
  renderSms,
  type SmsMeasure,
  type SmsVariable,
} from '../policy/index.ts';
import type { Templates } from '../schemas/campaign.ts';
import { formatRubles } from './money-text.ts';

/**
 * Variables a template may use, with their worst case for the SMS length check. `amount` is the
 * client's own debt: in words on the phone (speech), in figures in text channels.
 */
export const SMS_VARIABLES: Readonly<Record<string, SmsVariable>> = {
  account: { maxLength: 20, alphabet: 'digits' },
  amount: { maxLength: 14, alphabet: 'digits' },
  due_date: { maxLength: 10, alphabet: 'digits' },
  date: { maxLength: 10, alphabet: 'digits' },
  address: { maxLength: 100, alphabet: 'bmp' },
};
const VARIABLE_NAMES = new Set(Object.keys(SMS_VARIABLES));
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** What one contact's message is filled with; billing figures are fresh from the goal check. */
export interface MessageValues {
  account: string;
  amountKopecks?: number;
  dueDate?: string;
  date?: string;
  address?: string;
}

export interface RenderedMessage {
  channel: OutboundChannel;
  title?: string;
  text: string;
  /** SMS only: characters in gateway units and parts. */
  sms?: SmsMeasure;
}

function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !VARIABLE_NAMES.has(name));
}

/** Every problem of the templates, in Russian; SMS checked against the worst real values. */
export function checkTemplates(templates: Templates, channels: readonly OutboundChannel[]): string[] {
  const problems: string[] = [];
  for (const channel of channels) {
    const template = templates[channel];
    if (!template) {
      problems.push(`Нет шаблона для канала ${channel}`);
      continue;
    }
    if (channel === 'sms') {
      const check = checkSmsTemplate(template as string, SMS_VARIABLES);
      problems.push(...check.problems.map((p) => `SMS: ${p.message}`));
      continue;
    }
    const texts = typeof template === 'string' ? [template] : Object.values(template);
    for (const name of texts.flatMap(unknownPlaceholders)) {
      problems.push(`${channel}: неизвестная переменная «${name}» в шаблоне`);
    }
  }
  return problems;
}

function textValues(values: MessageValues, spoken: boolean): Record<string, string> {
  const out: Record<string, string> = { account: values.account };
  if (values.amountKopecks !== undefined) {
    out.amount = spoken ? moneyToWords(values.amountKopecks) : formatRubles(values.amountKopecks);
  }
  if (values.dueDate) out.due_date = values.dueDate;
  if (values.date) out.date = values.date;
  if (values.address) out.address = values.address;
  return out;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TemplateValueError(name);
    return value;
  });
}

/** A contact lacks a value its template needs (e.g. no debt figure for a debt reminder). */
export class TemplateValueError extends Error {
  override name = 'TemplateValueError';
  constructor(readonly variable: string) {
    super(`no value for template variable ${variable}`);
  }
}

export function renderMessage(
  templates: Templates,
  channel: OutboundChannel,
  values: MessageValues,
): RenderedMessage {
  const template = templates[channel];
  if (!template) throw new Error(`campaign has no ${channel} template`);
  switch (channel) {
    case 'sms': {
      const { text, measure } = renderSms(template as string, SMS_VARIABLES, textValues(values, false));
      return { channel, text, sms: measure };
    }
    case 'phone':
      return { channel, text: fill(template as string, textValues(values, true)) };
    case 'email': {
      const mail = templates.email!;
      const filled = textValues(values, false);
      return { channel, title: fill(mail.subject, filled), text: fill(mail.text, filled) };
    }
    default: {
      const notice = templates[channel]!;
      const filled = textValues(values, false);
      return { channel, title: fill(notice.title, filled), text: fill(notice.text, filled) };
    }
  }
}

/** The supervisor's preview: every channel rendered for a sample client, SMS with its count. */
export function previewMessages(
  templates: Templates,
  channels: readonly OutboundChannel[],
  sample: MessageValues,
): RenderedMessage[] {
  return channels.map((channel) => {
    const message = renderMessage(templates, channel, sample);
    return channel === 'sms' ? { ...message, sms: measureSms(message.text) } : message;
  });
}
