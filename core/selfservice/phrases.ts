/**
 * Fixed phrases of the standard (2.3: corporate greeting, mandatory recording notice, polite «Вы»,
 * thanks), shared by the IVR and the chatbot so a caller and a writer hear the same company.
 */
export const phrases = {
  greeting: 'Здравствуйте! Вас приветствует единый контактный центр энергосбытовой компании.',
  recordingNotice: 'Обращаем Ваше внимание: разговор записывается.',
  askTopic: 'Пожалуйста, назовите тему обращения или выберите её в меню.',
  anythingElse: 'Есть ли у Вас другие вопросы?',
  thanks: 'Благодарим Вас за обращение!',
  goodbye: 'Всего доброго, до свидания!',
  askAccount: 'Пожалуйста, назовите номер Вашего лицевого счёта.',
  askSecondFactor: 'Для подтверждения назовите, пожалуйста, фамилию владельца счёта или номер квартиры.',
  identified: 'Спасибо, лицевой счёт подтверждён.',
  malformedAccount: 'Номер лицевого счёта должен состоять из 10 цифр. Пожалуйста, проверьте его.',
  unknownAccount: 'К сожалению, мы не нашли лицевой счёт с таким номером. Пожалуйста, проверьте номер.',
  secondFactorMismatch: 'К сожалению, данные не совпадают с данными лицевого счёта.',
  billingUnavailable:
    'К сожалению, сведения по лицевому счёту сейчас недоступны. Пожалуйста, повторите позже.',
  abusiveWarning:
    'Пожалуйста, давайте общаться уважительно. При повторении оскорблений мы будем вынуждены завершить разговор.',
} as const;

export type PhraseId = keyof typeof phrases;
