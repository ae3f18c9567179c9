export * from './channels.ts';
export * from './purposes.ts';
export * from './states.ts';
export * from './topics.ts';
