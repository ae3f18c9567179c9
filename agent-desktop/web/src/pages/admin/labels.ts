/** Russian names of the roles, shared by the admin screens. */
export const ROLE_LABELS: Record<string, string> = {
  operator: 'оператор',
  supervisor: 'супервизор',
  admin: 'администратор',
  quality: 'контроль качества',
};

export const WEEKDAYS: Array<[key: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', label: string]> = [
  ['mon', 'Понедельник'],
  ['tue', 'Вторник'],
  ['wed', 'Среда'],
  ['thu', 'Четверг'],
  ['fri', 'Пятница'],
  ['sat', 'Суббота'],
  ['sun', 'Воскресенье'],
];
