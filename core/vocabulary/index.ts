export * from './channels.ts';
export * from './labels.ts';
export * from './purposes.ts';
export * from './states.ts';
export * from './topics.ts';
