export { AppealActions } from './AppealActions.tsx';
export { AppealForm } from './AppealForm.tsx';
export { DueBadge, MY_APPEALS_PATH, MyAppealsPage } from './MyAppealsPage.tsx';
export type { AppealView } from './types.ts';
