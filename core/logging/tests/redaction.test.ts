import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../index.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ name: 'test', level: 'debug', destination });
  return { logger, output: () => lines.join('\n'), lines };
}

// Personal data a contact center handles every minute; none of it may appear in a log line.
const PII = [
  '+7 (913) 123-45-67',
  '89131234567',
  '+79131234567',
  '8 913 123 45 67',
  '190012345678',
  '1900-1234-5678',
  'ivanova.maria@mail.ru',
  'Иванова Мария Петровна',
  'г. Абакан, ул. Щетинкина, д. 12, кв. 34',
  '2466012345',
];

describe('log redaction', () => {
  it('masks PII in fields named as personal data', () => {
    const { logger, output } = capture();
    logger.info(
      {
        phone: PII[0],
        fullName: PII[7],
        address: PII[8],
        accountNumber: PII[4],
        client: { email: PII[6], inn: PII[9], ownerFullName: PII[7] },
      },
      'client identified',
    );
    const text = output();
    for (const value of PII) expect(text).not.toContain(value);
    expect(text).toContain('client identified');
    expect(text).toContain('[redacted]');
  });

  it('masks phone numbers, e-mails and long digit runs inside free text and unknown fields', () => {
    const { logger, output } = capture();
    logger.info(`incoming call from ${PII[1]} about account ${PII[4]}`);
    logger.warn({ note: `call back ${PII[2]} or ${PII[3]}`, extra: [`mail ${PII[6]}`, PII[5]] }, 'callback');
    logger.info('payload %s', `{"from":"${PII[0]}"}`);
    const text = output();
    for (const value of PII.slice(0, 7)) expect(text).not.toContain(value);
    for (const digits of ['9131234567', '123-45-67', '1234-5678']) expect(text).not.toContain(digits);
    expect(text).toContain('[phone]');
    expect(text).toContain('[email]');
  });

  it('masks PII carried by errors (message and stack)', () => {
    const { logger, output } = capture();
    const error = new Error(`account ${PII[4]} not found for ${PII[2]}`);
    logger.error({ err: error }, 'lookup failed');
    const text = output();
    expect(text).not.toContain(PII[4]);
    expect(text).not.toContain('9131234567');
    expect(text).toContain('lookup failed');
  });

  it('keeps operational data readable', () => {
    const { logger, lines } = capture();
    logger.info({ queue: 'households', waitingMs: 14900, topic: 'balance', port: 5060 }, 'offer');
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      queue: 'households',
      waitingMs: 14900,
      topic: 'balance',
      port: 5060,
      msg: 'offer',
    });
    expect(line.level).toBe('info');
  });
});
