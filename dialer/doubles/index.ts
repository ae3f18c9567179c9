export { PushGatewayDouble } from './push/push-gateway.ts';
export { parseReceiptText } from './smsc/receipt.ts';
export type {
  EsmeDelivery,
  ReceiptRuleInput,
  SmscOptionsInput,
  SmsMessage,
  SubmittedPart,
} from './smsc/schemas.ts';
export { SmscDouble } from './smsc/smsc.ts';
export type { LateBounce } from './smtp/dsn.ts';
export type { ReceivedMail, RecipientFailureInput, SmtpOptionsInput } from './smtp/schemas.ts';
export { SmtpDouble } from './smtp/smtp.ts';
