/**
 * Words a person reads when something is not the usual coaching turn. They
 * live in the catalog (src/words); this is the English set until every
 * caller knows the person's locale.
 */
import { wordsFor } from '../words/catalog';

export const COPY = wordsFor('en');
