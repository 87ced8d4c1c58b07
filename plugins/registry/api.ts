/** The registry plugin's published module: the login argv (the password goes to its stdin). */
export { registryLogin, type RegistryLoginOptions } from './commands.js';
