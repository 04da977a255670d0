import { isIsoDate } from '../coach/time';

/**
 * What a person asked of /coach-report, parsed from the command's text.
 * Pure, so every phrasing is tested without Slack.
 */
export type ReportCommand =
  | { kind: 'latest' }
  | { kind: 'list' }
  | { kind: 'help' }
  | { kind: 'date'; date: string }
  | { kind: 'export' }
  | { kind: 'delete' }
  | { kind: 'unknown'; text: string };

export function parseReportCommand(raw: string): ReportCommand {
  const text = raw.trim();
  const word = text.toLowerCase();
  if (word === '') return { kind: 'latest' };
  if (word === 'latest' || word === 'last') return { kind: 'latest' };
  if (word === 'list' || word === 'ls' || word === 'all') return { kind: 'list' };
  if (word === 'help' || word === '?' || word === '-h' || word === '--help') return { kind: 'help' };
  if (word === 'export') return { kind: 'export' };
  if (word === 'delete') return { kind: 'delete' };
  if (isIsoDate(word)) return { kind: 'date', date: word };
  return { kind: 'unknown', text };
}
