/**
 * The published module of the shared Docker builders: pure argv builders and image references
 * every plugin may use. Other plugins import Docker words from here only.
 */
export * from './commands.js';
export * from './images.js';
export { requireNetwork } from './network-step.js';
