import type { OutboundChannel, Purpose, Templates } from './types.ts';

/**
 * Starting texts per purpose, so a supervisor edits rather than writes from scratch. Variables:
 * {{account}}, {{amount}} (words on the phone, figures elsewhere), {{due_date}}, {{date}}, {{address}}.
 */
const TEXTS: Record<Purpose, { short: string; long: string; title: string }> = {
  debt_reminder: {
    short: 'Задолженность по л/с {{account}}: {{amount}} руб. Просим оплатить до {{due_date}}. Спасибо!',
    long:
      'Здравствуйте! Напоминаем, что задолженность по лицевому счёту {{account}} составляет {{amount}}. ' +
      'Просим Вас оплатить её до {{due_date}}. Благодарим Вас!',
    title: 'Напоминание о задолженности',
  },
  reading_reminder: {
    short: 'Передайте, пожалуйста, показания счётчика по л/с {{account}} до {{date}}. Спасибо!',
    long:
      'Здравствуйте! Напоминаем Вам передать показания прибора учёта по лицевому счёту {{account}} до {{date}}. ' +
      'Благодарим Вас!',
    title: 'Передайте показания',
  },
  restriction_notice: {
    short: 'По л/с {{account}} долг {{amount}} руб. С {{date}} возможно ограничение. Оплатите, пожалуйста.',
    long:
      'Здравствуйте! По лицевому счёту {{account}} задолженность {{amount}}. С {{date}} может быть введено ' +
      'ограничение подачи электроэнергии. Просим Вас оплатить задолженность. Благодарим Вас!',
    title: 'Уведомление о возможном ограничении',
  },
  information: {
    short: 'Уважаемый клиент! Информация по л/с {{account}}: ',
    long: 'Здравствуйте! Информируем Вас: ',
    title: 'Информация',
  },
};

export function defaultTemplate(purpose: Purpose, channel: OutboundChannel): Templates[OutboundChannel] {
  const text = TEXTS[purpose];
  switch (channel) {
    case 'sms':
      return text.short;
    case 'phone':
      return `${text.long} Если Вы уже оплатили, нажмите 1.`;
    case 'email':
      return { subject: text.title, text: text.long };
    case 'push':
    case 'online_account':
      return { title: text.title, text: text.long };
  }
}
