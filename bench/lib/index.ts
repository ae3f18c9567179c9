export { machine, numberFlag, percentile, printFigures, round, stringFlag } from './figures.ts';
export { createScratchDatabase, type ScratchDatabase } from './scratch-database.ts';
