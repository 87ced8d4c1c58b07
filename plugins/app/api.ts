/** The app plugin's published module: what other plugins may use (env merging, env files, naming). */
export { mergeEnv, secretValues, type EnvLayer, type MergedEnv } from './env.js';
export { renderEnvFile } from './env-file.js';
export { serviceAndDestination } from './naming.js';
