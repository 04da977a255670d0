/**
 * The report builder's public API: the report from the transcript alone, and
 * the text reading the offline coach shares with it.
 */
export { attributePersonTurns, type AttributedTurn } from './attribution';
export { buildReportFromTranscript } from './build';
export { approachCount, looksLikeTask } from './heuristics';
export { scoreSession, type SessionEvidence, type SessionScore } from './rubric';
export { clip, flatten, hashText, pick } from './text';
export { isSubstantive, keyPhrase, type PhraseOptions } from './words';
