/** The accessories plugin's published module: what other plugins may use of it. */
export { PLACEMENT_KEYS } from './rules.js';
