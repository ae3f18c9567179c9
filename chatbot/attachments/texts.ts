import { ACCEPTED_TYPES_RU } from './limits.ts';

/** What the client is told about a file the chatbot could not keep (Russian, «Вы»). */
export const attachmentTexts = {
  tooLarge: (maxBytes: number) =>
    `К сожалению, файл не принят: его размер больше ${Math.floor(maxBytes / (1024 * 1024))} МБ. Пожалуйста, отправьте файл меньшего размера.`,
  typeNotAccepted: `К сожалению, файл не принят: принимаются ${ACCEPTED_TYPES_RU}.`,
  copyFailed:
    'К сожалению, не удалось сохранить Ваш файл. Пожалуйста, отправьте его ещё раз или опишите вопрос текстом.',
} as const;
