/** The labs folders the commands read: the ones this copy ships, or one given on the command line. */
import { resolve } from 'node:path';

/**
 * The labs this copy of Flushpoint ships, found from this file: not a `labs` folder wherever the command
 * runs (`npm run` runs it from the checkout, an installed bin from anywhere).
 */
export const SHIPPED_LABS = resolve(import.meta.dirname, '..', '..', 'labs');
