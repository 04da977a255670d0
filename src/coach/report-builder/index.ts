/**
 * The offline report: the Deep Thoughts report from the transcript alone
 * (build.ts), quoting what was said and saying what was not reached.
 */
export { buildReportFromTranscript } from './build';
// The offline coach's reading lives in ../phrases; re-exported so its imports keep working.
export { approachCount, hashText, isSubstantive, keyPhrase, looksLikeTask, pick, type PhraseOptions } from '../phrases';
export { clip, flatten } from './text';
