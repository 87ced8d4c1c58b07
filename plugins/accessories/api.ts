/** The accessories plugin's published module: its config rules (run by the config validator). */
export { accessoryRules } from './rules.js';
