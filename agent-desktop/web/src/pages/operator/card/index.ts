export { ClientCardPanel } from './ClientCardPanel.tsx';
export { ClientSearch } from './ClientSearch.tsx';
export type { ClientCard } from './types.ts';
