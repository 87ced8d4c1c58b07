/** The builder plugin's published module: the names of its `build …` commands other plugins place nodes for. */
export { BUILD_GRAPH } from './graphs.js';
