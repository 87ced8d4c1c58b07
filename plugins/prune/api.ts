/** The prune plugin's published builders, for plugins that remove images too (app remove). */
export { pruneDanglingImages, pruneTaggedImages } from './commands.js';
