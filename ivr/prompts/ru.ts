/**
 * The robot's fixed phrases, as text (the audio files are generated from it: `hotline ivr
 * prompts`). Polite «Вы», the standard's greeting and thanks; the recording notice comes first
 * (R-IVR-2). Phrases shared with the chatbot (greeting, thanks, anything else) are the ones from
 * core/selfservice, so a caller and a writer hear the same company.
 */
export const IVR_PROMPTS = {
  recordingNotice: 'Обращаем Ваше внимание: разговор записывается.',
  greeting: 'Здравствуйте! Вас приветствует единый контактный центр энергосбытовой компании.',
  mainMenu:
    'Чтобы узнать задолженность, нажмите 1. Чтобы передать показания счётчика — 2. Об отключениях электроэнергии — 3. Способы оплаты, тарифы, офисы и личный кабинет — 4. Чтобы соединиться с оператором, нажмите 0.',
  referenceMenu:
    'Способы оплаты — нажмите 1. Тарифы — 2. Адреса и часы работы офисов — 3. Личный кабинет — 4. Вернуться в главное меню — звёздочка.',
  notUnderstood: 'Извините, такого варианта нет.',
  noInput: 'Извините, я не услышал Вашего ответа.',
  tooManyAttempts: 'К сожалению, не удалось разобрать Ваш выбор. Соединяю Вас с оператором.',
  anythingElse: 'Есть ли у Вас другие вопросы? Если да, нажмите 1. Если нет, нажмите 2.',
  askAccount: 'Пожалуйста, введите номер Вашего лицевого счёта и нажмите решётку.',
  askSecondFactor:
    'Для подтверждения введите номер квартиры, а если у Вас частный дом — номер дома, и нажмите решётку.',
  phoneLinked:
    'Ваш номер телефона связан с лицевым счётом. Чтобы использовать его, нажмите 1. Чтобы ввести другой номер счёта — 2.',
  identified: 'Спасибо, лицевой счёт подтверждён.',
  malformedAccount: 'Номер лицевого счёта должен состоять из 10 цифр. Пожалуйста, проверьте его.',
  unknownAccount: 'К сожалению, мы не нашли лицевой счёт с таким номером.',
  secondFactorMismatch: 'К сожалению, данные не совпадают с данными лицевого счёта.',
  billingUnavailable:
    'К сожалению, сведения по лицевому счёту сейчас недоступны. Пожалуйста, повторите позже.',
  dataUnavailable:
    'К сожалению, эти сведения сейчас временно недоступны. Чтобы поговорить с оператором, нажмите 1. Чтобы вернуться в меню, нажмите 2.',
  notIdentified:
    'Без подтверждения лицевого счёта мы не можем сообщить сведения по нему. Вы можете обратиться к оператору.',
  chooseMeter: 'У Вас несколько счётчиков. Выберите счётчик, нажав его порядковый номер.',
  readBackConfirm: 'Если верно, нажмите 1. Чтобы ввести заново, нажмите 2.',
  transferring: 'Соединяю Вас с оператором. Пожалуйста, оставайтесь на линии.',
  callbackOffer:
    'Ожидание ответа оператора может превысить 100 секунд. Чтобы мы перезвонили Вам, сохранив Вашу очередь, нажмите 1. Чтобы остаться на линии, нажмите 2.',
  callbackAccepted: 'Спасибо. Оператор перезвонит Вам, как только освободится. Ваша очередь сохранена.',
  operatorConnected: 'Соединяю с оператором.',
  afterHoursCallbackOffer:
    'Чтобы оставить заявку на обратный звонок, нажмите 1. Чтобы вернуться в главное меню, нажмите 2.',
  csatAsk:
    'Пожалуйста, оцените качество обслуживания по шкале от 1 до 5, где 5 — отлично. Нажмите цифру от 1 до 5.',
  csatThanks: 'Спасибо за Вашу оценку!',
  abusiveWarning:
    'Пожалуйста, давайте общаться уважительно. При повторении оскорблений мы будем вынуждены завершить разговор.',
  abusiveEnd: 'К сожалению, мы вынуждены завершить разговор. Всего доброго.',
  thanks: 'Благодарим Вас за обращение!',
  goodbye: 'Всего доброго, до свидания!',
  technicalProblem: 'Извините, произошла техническая ошибка. Пожалуйста, перезвоните позже.',
  resumed: 'Извините за паузу. Продолжим.',
  stillInQueue: 'Вы по-прежнему в очереди к оператору. Пожалуйста, оставайтесь на линии.',
} as const;

export type PromptId = keyof typeof IVR_PROMPTS;

/**
 * The questions a caller may also answer aloud, worded for it — said instead of the keypad-only
 * text when speech input is on (without a recognizer "назовите" would promise what the robot
 * cannot do). Same keys as by DTMF, so the keypad still works.
 */
export const IVR_VOICE_PROMPTS: Partial<Record<PromptId, string>> = {
  mainMenu:
    'Назовите тему обращения или нажмите: 1 — задолженность, 2 — передать показания счётчика, 3 — отключения электроэнергии, 4 — способы оплаты, тарифы, офисы и личный кабинет, 0 — соединение с оператором.',
  anythingElse: 'Есть ли у Вас другие вопросы? Скажите «да» или «нет», или нажмите 1 или 2.',
  askAccount: 'Пожалуйста, назовите номер Вашего лицевого счёта по цифрам или введите его и нажмите решётку.',
  askSecondFactor:
    'Для подтверждения назовите или введите номер квартиры, а если у Вас частный дом — номер дома, и нажмите решётку.',
  phoneLinked:
    'Ваш номер телефона связан с лицевым счётом. Использовать его? Скажите «да» или нажмите 1. Чтобы назвать другой номер счёта, скажите «нет» или нажмите 2.',
  chooseMeter: 'У Вас несколько счётчиков. Назовите или нажмите порядковый номер счётчика.',
  readBackConfirm: 'Верно? Скажите «да» или нажмите 1. Чтобы ввести заново, скажите «нет» или нажмите 2.',
  callbackOffer:
    'Ожидание ответа оператора может превысить 100 секунд. Хотите, чтобы мы перезвонили Вам, сохранив Вашу очередь? Скажите «да» или нажмите 1. Чтобы остаться на линии, скажите «нет» или нажмите 2.',
  afterHoursCallbackOffer:
    'Оставить заявку на обратный звонок? Скажите «да» или нажмите 1. Чтобы вернуться в главное меню, скажите «нет» или нажмите 2.',
};

export function isPromptId(value: string): value is PromptId {
  return Object.hasOwn(IVR_PROMPTS, value);
}

/** A prompt id becomes its text (its spoken-answer wording with `voice`); anything else is already dynamic text. */
export function promptText(idOrText: string, voice = false): string {
  if (!isPromptId(idOrText)) return idOrText;
  return (voice && IVR_VOICE_PROMPTS[idOrText]) || IVR_PROMPTS[idOrText];
}

/**
 * Phrases the dialplan plays by a fixed name (`Playback(hotline/<name>)`), without the IVR: when
 * Stasis() fails because no IVR is connected (STASISSTATUS=FAILED), the caller still hears why.
 */
export const DIALPLAN_PROMPTS = {
  unavailable:
    'Здравствуйте! Вас приветствует единый контактный центр энергосбытовой компании. ' +
    'К сожалению, сейчас мы не можем принять Ваш звонок. Пожалуйста, перезвоните через несколько минут. ' +
    'Спасибо за обращение!',
} as const;

/** Every fixed phrase, both wordings: what the prompt build step turns into audio. */
export function allPromptTexts(): string[] {
  return [...Object.values(IVR_PROMPTS), ...Object.values(IVR_VOICE_PROMPTS).filter((t) => t !== undefined)];
}
