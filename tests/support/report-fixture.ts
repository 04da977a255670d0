/** A stored report for tests that need one: the valid sample draft plus what the system adds. */
import type { Report } from '../../src/coach/report';
import { sampleReportDraft } from './fake-anthropic';

/** A complete, valid report of `date`. */
export function aReport(date: string, overrides: Partial<Report> = {}): Report {
  return {
    ...sampleReportDraft(),
    date,
    startedAt: new Date(`${date}T08:00:00.000Z`),
    endedAt: new Date(`${date}T08:30:00.000Z`),
    turns: 3,
    writtenBy: 'test',
    transcript: [
      { speaker: 'coach', name: 'Coach', text: 'What matters most today?' },
      { speaker: 'person', name: 'Ada', text: 'Shipping the draft.' },
    ],
    ...overrides,
  };
}
