export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { isPiiKey, MASK, redactString, redactValue } from './redact.ts';
