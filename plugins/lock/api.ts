/** The lock plugin's published module: whether this run holds the lock, and who runs it. */
export { PLUGIN_NAME as LOCK_PLUGIN, lockHeld } from './nodes.js';
export { lookUpPerformer, performer, type Performer } from './performer.js';
