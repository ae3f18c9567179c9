/** What the load clients ask the bot (each one its knowledge base answers), in turn per session. */
export const QUESTIONS = [
  'Как оплатить без комиссии?',
  'Какие сейчас тарифы на электроэнергию?',
  'Где ближайший офис и как он работает?',
  'Как зарегистрироваться в личном кабинете?',
  'Как заключить договор энергоснабжения?',
];
