import type { KnownBlock } from '@slack/types';
import type { Report, TranscriptLine } from '../../../src/coach/report';
import { ACTIONS } from '../../../src/slack/blocks/ids';
import { blocksSize, MAX_HEADER_TEXT, MAX_MESSAGE_BLOCKS, MAX_MESSAGE_TEXT } from '../../../src/slack/blocks/limits';
import { validateMessage } from '../../../devtools/block-kit/validate';
import type { SlackMessage } from '../../../src/slack/blocks/message';
import { MESSAGE_SIZE_BUDGET, renderCoachReply, renderReport, renderReportParts, renderReportPlain } from '../../../src/slack/blocks/report';
import { escapeMrkdwn } from '../../../src/slack/mrkdwn';
import { wordsFor } from '../../../src/words/catalog';

const EN = wordsFor('en');

// --- Builders -------------------------------------------------------------------------------

/** A report like docs/reference-report.md, but one that converged on a task and a crux. */
function aReport(overrides: Partial<Report> = {}): Report {
  return {
    title: 'Becoming an AI Product Management Thought Leader',
    significance: {
      established: 'Michael wants to master evals and LangSmith so his new team can use LLMs to build delightful experiences.',
      missing: ['What outcomes for the company would change if you led on this?', 'What does the team lose if nobody gains this expertise?'],
    },
    task: {
      established: 'He chose to write one eval for the onboarding summary feature today.',
      missing: [],
      task: 'Write a first LangSmith eval for the onboarding summary, done when it runs on 20 examples, in 2 hours.',
    },
    archetypes: {
      established: 'Two ways: start from LangSmith tutorials, or start from the product feature and learn as needed.',
      missing: ['A UX approach: mock up the ideal LLM-powered experience first.'],
    },
    crux: {
      established: 'Not knowing what “good” looks like for the summary is what blocks the eval.',
      missing: [],
      crux: 'There is no shared definition of a good onboarding summary.',
    },
    cruxSolutions: {
      tactics: [
        {
          name: 'Feedback loop',
          description: 'Share the first eval draft with an experienced LangSmith user.',
          firstStep: 'Ask Priya for a 30-minute review on Thursday.',
          whyItWorks: 'Shortens the learning cycle with expert guidance.',
          obstacles: 'Finding the time; being open to critical feedback.',
        },
        {
          name: 'Golden examples',
          description: 'Write five summaries by hand that the team agrees are good.',
          firstStep: 'Draft two examples before lunch.',
          whyItWorks: 'Turns “good” into something an eval can check.',
          obstacles: 'Agreeing on taste.',
        },
      ],
    },
    beliefs: {
      limiting: ['I need to know everything about LLMs to be a thought leader'],
      empowering: ["My team's success is a strong motivator"],
      emerging: ['I can become an expert one use case at a time', "It's okay to learn in public"],
      experiment: 'What if I believed I am already adding unique value to the conversation?',
    },
    factCheck: {
      facts: [
        { claim: 'Evals and LangSmith are key skills for AI product managers', status: 'known' },
        { claim: "The team's bottleneck is a lack of LLM expertise", status: 'assumed' },
      ],
    },
    oneMoreThing: {
      observation: 'You said you want to “really learn evals today”. What if mastery were less about one day and more about a habit?',
    },
    evaluation: {
      worked: ['Reflecting Michael’s own words', 'Converging on one concrete task'],
      improve: ['Exploring more than two approaches'],
      score: 8,
      rationale: 'The session reached a concrete, time-boxed task and a clear crux, which is what matters most.',
    },
    date: '2026-11-24',
    startedAt: new Date('2026-11-24T08:00:00Z'),
    endedAt: new Date('2026-11-24T08:23:00Z'),
    turns: 7,
    writtenBy: 'offline',
    transcript: [
      { speaker: 'person', name: 'Michael', text: 'good morning' },
      { speaker: 'coach', name: 'Coach', text: 'Good morning, Michael! 🌅\n\nWhat feels like the most important problem to solve today?' },
      { speaker: 'person', name: 'Michael', text: 'I want to really learn evals and use of langsmith today!' },
      { speaker: 'coach', name: 'Coach', text: 'What makes mastering evals and LangSmith feel particularly significant right now?' },
    ],
    ...overrides,
  };
}

/** Every free-text field of a report, each built by `text(label)`: for the huge and the hostile report. */
function aReportOfEveryField(text: (label: string) => string, transcript: TranscriptLine[]): Report {
  const many = (label: string, n: number) => Array.from({ length: n }, (_, i) => text(`${label}${i}`));
  const section = (label: string) => ({ established: text(`${label}Established`), missing: many(`${label}Missing`, 6) });
  return {
    title: text('title').slice(0, 120),
    significance: section('significance'),
    task: { ...section('task'), task: text('taskTask') },
    archetypes: section('archetypes'),
    crux: { ...section('crux'), crux: text('cruxCrux') },
    cruxSolutions: {
      tactics: [0, 1, 2].map((i) => ({
        name: text(`tactic${i}Name`),
        description: text(`tactic${i}Description`),
        firstStep: text(`tactic${i}FirstStep`),
        whyItWorks: text(`tactic${i}WhyItWorks`),
        obstacles: text(`tactic${i}Obstacles`),
      })),
    },
    beliefs: { limiting: many('limiting', 5), empowering: many('empowering', 5), emerging: many('emerging', 5), experiment: text('experiment') },
    factCheck: { facts: many('fact', 8).map((claim, i) => ({ claim, status: i % 2 === 0 ? 'known' : 'assumed' })) },
    oneMoreThing: { observation: text('observation') },
    evaluation: { worked: many('worked', 5), improve: many('improve', 5), score: 3, rationale: text('rationale') },
    date: '2026-11-24',
    startedAt: new Date('2026-11-24T08:00:00Z'),
    endedAt: new Date('2026-11-24T09:41:00Z'),
    turns: transcript.filter((line) => line.speaker === 'person').length,
    writtenBy: 'claude-test',
    transcript,
  };
}

/** `n` characters of distinct, countable words, e.g. "significanceEstablished-w17". */
function words(label: string, n: number): string {
  let out = '';
  for (let i = 0; out.length < n; i += 1) out += `${i % 13 === 12 ? '\n\n' : i % 7 === 6 ? '. ' : ' '}${label}-w${i}`;
  return out.trim();
}

const INJECTION = '<!channel> <@U123> <https://evil.example|click> & <script>';

// --- What every rendered message must satisfy ------------------------------------------------------

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

function expectSlackAccepts(messages: SlackMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    expect(validateMessage(message)).toEqual([]);
    expect(message.text.trim().length).toBeGreaterThan(0);
    expect(message.text.length).toBeLessThanOrEqual(MAX_MESSAGE_TEXT);
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_MESSAGE_BLOCKS);
    expect(blocksSize(message.blocks)).toBeLessThanOrEqual(MESSAGE_SIZE_BUDGET);
    expect(message.blocks[0]?.type).not.toBe('divider');
    expect(message.blocks.at(-1)?.type).not.toBe('divider');
    for (const block of message.blocks) {
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(MAX_HEADER_TEXT);
    }
    expectNoMarkup(message);
  }
}

/** Nothing a person or the model wrote can mention, link or inject: no raw < or >, every & an entity. */
function expectNoMarkup(value: unknown): void {
  for (const s of strings(value)) {
    expect(s).not.toContain('<!channel>');
    expect(s).not.toContain('<@');
    expect(s).not.toContain('<http');
    expect(s).not.toMatch(/[<>]/);
    expect(s.replace(/&(?:amp|lt|gt);/g, '')).not.toContain('&');
  }
}

/** The text of every header and section, in order (context lines left out: they are ours). */
function shownText(messages: SlackMessage[]): string {
  const texts = (blocks: KnownBlock[]) =>
    blocks.flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : block.type === 'header' ? [block.text.text] : []));
  return messages.flatMap((message) => texts(message.blocks)).join('\n');
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** Every field of the report, escaped, appears whole (but for whitespace at split points) in what is shown. */
function expectNothingDropped(report: Report, shown: string): void {
  const out = squash(shown);
  const fields = strings({ ...report, startedAt: undefined, endedAt: undefined, date: undefined, writtenBy: undefined, transcript: undefined });
  for (const field of fields) {
    if (field === 'known' || field === 'assumed') continue;
    expect(out.includes(squash(escapeMrkdwn(field)))).toBe(true);
  }
  let cursor = 0;
  for (const line of report.transcript) {
    const at = out.indexOf(squash(escapeMrkdwn(line.text)), cursor);
    expect(at).toBeGreaterThanOrEqual(cursor);
    cursor = at;
  }
}

// --- The report ------------------------------------------------------------------------------------

describe('renderReport', () => {
  it('renders a normal report as one message in the reference format, and its transcript as another', () => {
    const report = aReport();
    const { report: messages, transcript } = renderReportParts(report, EN);
    expect(messages).toHaveLength(1);
    expect(transcript).toHaveLength(1);
    expectSlackAccepts([...messages, ...transcript]);

    const [first] = messages;
    expect(first?.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Deep Thoughts: Becoming an AI Product Management Thought Leader', emoji: true } });
    expect(first?.blocks[1]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '📅 Nov 24, 2026  ·  ⏱️ 23 min  ·  💬 7 turns' }] });
    expect(first?.text).toBe('Deep Thoughts: Becoming an AI Product Management Thought Leader — score 8/10');

    const shown = shownText(messages);
    const titles = [
      '*1. Problem Significance &amp; Stakes*',
      "*2. Today's Concrete Task*",
      '*3. Solution Archetypes Explored*',
      '*4. The Crux Identified*',
      '*5. Crux Solutions Deep Dive*',
      '*6. Belief System Integration*',
      '*7. Fact Check &amp; Assumptions*',
      '*8. Just One More Thing...*',
      '*Evaluation Summary*',
    ];
    let cursor = 0;
    for (const title of titles) {
      const at = shown.indexOf(title, cursor);
      expect(at).toBeGreaterThanOrEqual(cursor);
      cursor = at;
    }
    expect(shown).toContain('*What was established:* Michael wants to master evals');
    expect(shown).toContain('*Missing exploration:*\n• What outcomes for the company');
    expect(shown).toContain('*Task defined:* Write a first LangSmith eval');
    expect(shown).toContain('*Core constraint:* There is no shared definition');
    expect(shown).toContain('1. *Feedback loop:* Share the first eval draft');
    expect(shown).toContain('• First step: Ask Priya for a 30-minute review on Thursday.');
    expect(shown).toContain('• Why it works: Shortens the learning cycle');
    expect(shown).toContain('• Obstacles: Finding the time');
    expect(shown).toContain('• Limiting belief: I need to know everything');
    expect(shown).toContain('*Belief experiment:* What if I believed');
    expect(shown).toContain('✅ Evals and LangSmith are key skills');
    expect(shown).toContain("❓ The team's bottleneck is a lack of LLM expertise");
    expect(shown).toContain('*Key coaching moves that worked well:*\n• Reflecting');
    expect(shown).toContain('*Areas for improvement:*\n• Exploring more than two approaches');
    expect(shown).toContain('*Overall coaching effectiveness score: 8/10*\nThe session reached a concrete');

    // Sections are divided, and each is a mrkdwn section block.
    const types = first?.blocks.map((block) => block.type) ?? [];
    expect(types.filter((type) => type === 'divider')).toHaveLength(8);
    expect(types.filter((type) => type === 'section')).toHaveLength(9);

    const transcriptShown = shownText(transcript);
    expect(transcriptShown).toContain('Conversation Transcript');
    expect(transcriptShown).toContain('*Michael:* good morning');
    expect(transcriptShown).toContain('*Coach:* Good morning, Michael! 🌅\n\nWhat feels like');
    expect(transcript[0]?.text).toBe('Deep Thoughts: Becoming an AI Product Management Thought Leader — conversation transcript');
    expectNothingDropped(report, shownText([...messages, ...transcript]));
    expect(renderReport(report, EN)).toEqual([...messages, ...transcript]);
  });

  it('says so when no task or crux was defined, and when a section misses nothing', () => {
    const report = aReport({ task: { established: 'x', missing: [], task: null }, crux: { established: 'y', missing: [], crux: null } });
    const shown = shownText(renderReport(report, EN));
    expect(shown).toContain('*Task defined:* _No specific task was defined for today._');
    expect(shown).toContain("*Core constraint:* _The conversation didn't converge on a specific crux._");
    expect(shown).toContain('*Missing exploration:* _Nothing important was left out._');
  });

  it('writes real UTF-8 emoji end to end, never mojibake', () => {
    const report = aReport({
      title: 'Ship it 🚀 ✅',
      transcript: [
        { speaker: 'coach', name: 'Coach', text: 'Good morning, Zoë! 🌅' },
        { speaker: 'person', name: 'Zoë', text: 'Gute Nacht 🌙 日本語 👨‍👩‍👧' },
      ],
    });
    const json = JSON.stringify(renderReport(report, EN));
    for (const emoji of ['✅', '❓', '🌅', '🚀', '🌙', '👨‍👩‍👧', '📅', '日本語', 'Zoë']) expect(json).toContain(emoji);
    expect(json).not.toMatch(/‚úÖ|‚ùì|üåÖ|Ã|â€/);
  });

  it('escapes injection in every field: nobody can make the bot ping @channel or forge a link', () => {
    const transcript: TranscriptLine[] = [
      { speaker: 'person', name: `Eve ${INJECTION}`, text: INJECTION },
      { speaker: 'coach', name: 'Coach', text: `You said ${INJECTION}?` },
    ];
    const report = aReportOfEveryField((label) => `${label} ${INJECTION}`, transcript);
    const messages = renderReport(report, EN);
    expectSlackAccepts(messages);
    const shown = shownText(messages);
    expect(shown).toContain('&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; &lt;script&gt;');
    expectNothingDropped(report, shown);
    for (const text of renderReportPlain(report, EN)) expectNoMarkup(text);
  });

  it('shortens a long title in the header at a word boundary and shows it whole below', () => {
    const title = 'Deciding between rewriting the billing & invoicing pipeline or incrementally refactoring it while keeping the lights on for customers';
    const messages = renderReport(aReport({ title }), EN);
    expectSlackAccepts(messages);
    const header = messages[0]?.blocks[0];
    if (header?.type !== 'header') throw new Error('no header');
    expect(header.text.text.length).toBeLessThanOrEqual(MAX_HEADER_TEXT);
    expect(header.text.text).toMatch(/^Deep Thoughts: Deciding between .*[a-z]…$/);
    expect(`Deep Thoughts: ${escapeMrkdwn(title)}`.startsWith(header.text.text.slice(0, -1))).toBe(true);
    expect(shownText(messages)).toContain(`*Title:* ${escapeMrkdwn(title)}`);
    expect(messages[0]?.text).toContain(escapeMrkdwn(title));
  });

  it('stays within every limit even with a title far beyond the schema’s 120 characters', () => {
    const title = `${'<!channel> & '.repeat(400)}end`;
    const lines: TranscriptLine[] = Array.from({ length: 4 }, (_, i) => ({ speaker: 'person', name: 'Michael', text: words(`long${i}`, 20_000) }));
    const report = { ...aReportOfEveryField((label) => words(label, 4_000), lines), title };
    const messages = renderReport(report, EN);
    expect(messages.length).toBeGreaterThan(3);
    expectSlackAccepts(messages);
    expect(squash(shownText(messages))).toContain(squash(escapeMrkdwn(title)));
  });

  it('splits a huge report across section blocks and messages without dropping a word', () => {
    const lines: TranscriptLine[] = Array.from({ length: 200 }, (_, i) => ({
      speaker: i % 2 === 0 ? 'person' : 'coach',
      name: i % 2 === 0 ? 'Michael' : 'Coach',
      // Every fifth message is one 39,000-character "word" (a paste with no spaces): it must be hard-split.
      text: i % 5 === 4 ? `${String.fromCharCode(97 + (i % 26))}${'z'.repeat(38_990)}${i}` : words(`turn${i}`, 39_000),
    }));
    const report = aReportOfEveryField((label) => words(label, 10_000), lines);
    const { report: messages, transcript } = renderReportParts(report, EN);
    expect(messages.length).toBeGreaterThan(1);
    expect(transcript.length).toBeGreaterThan(200);
    expectSlackAccepts([...messages, ...transcript]);

    expect(messages[0]?.text).toMatch(/ — score 3\/10$/);
    messages.slice(1).forEach((message, i) => {
      expect(message.text).toContain(`continued, part ${i + 2} of ${messages.length}`);
      expect(message.blocks[0]?.type).toBe('context');
    });
    transcript.forEach((message, i) => expect(message.text).toContain(`conversation transcript (continued, part ${i + 1} of ${transcript.length})`));
    expect(shownText(messages)).toContain('*Overall coaching effectiveness score: 3/10*');

    const shown = shownText([...messages, ...transcript]);
    expectNothingDropped(report, shown);
    // Word by word, too: every word of the input is in the output.
    const out = new Set(shown.split(/\s+/));
    for (const field of strings(report.significance)) for (const word of escapeMrkdwn(field).split(/\s+/)) expect(out.has(word)).toBe(true);
  });

  it('renders the plain-text twin within the text limit, escaped, score included, nothing dropped', () => {
    const lines: TranscriptLine[] = Array.from({ length: 30 }, (_, i) => ({ speaker: 'person', name: 'Michael', text: words(`plain${i}`, 5_000) }));
    const report = aReportOfEveryField((label) => `${words(label, 3_000)} ${INJECTION}`, lines);
    const parts = renderReportPlain(report, EN);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MAX_MESSAGE_TEXT);
      expect(validateMessage({ text: part })).toEqual([]);
      expectNoMarkup(part);
    }
    const all = parts.join('\n');
    expect(all).toContain('*Overall coaching effectiveness score: 3/10*');
    expect(parts.some((part) => part.startsWith('*Conversation Transcript*'))).toBe(true);
    expectNothingDropped(report, all);

    const small = renderReportPlain(aReport(), EN);
    expect(small).toHaveLength(2);
    expect(small[0]).toMatch(/^\*Deep Thoughts: Becoming an AI Product Management Thought Leader\*\n📅 Nov 24, 2026/);
  });
});

describe('renderCoachReply', () => {
  it('is the question as a section, then a Wrap up button carrying the session id', () => {
    const message = renderCoachReply('What makes mastering evals feel significant right now?', { sessionId: 42, words: EN });
    expectSlackAccepts([message]);
    expect(message.text).toBe('What makes mastering evals feel significant right now?');
    expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'What makes mastering evals feel significant right now?' } });
    const actions = message.blocks[1];
    if (actions?.type !== 'actions') throw new Error('no actions block');
    expect(actions.elements[0]).toMatchObject({ type: 'button', action_id: ACTIONS.wrapUp, value: '42', text: { type: 'plain_text', text: 'Wrap up' } });
  });

  it('escapes what the model wrote, fallback text included', () => {
    const message = renderCoachReply(`Did you mean ${INJECTION}?`, { sessionId: 'abc', words: EN });
    expectSlackAccepts([message]);
    expect(message.text).toContain('&lt;!channel&gt;');
  });

  it('splits a long reply across sections and refuses one too long for a message rather than cut it', () => {
    const long = renderCoachReply(words('reply', 7_000), { sessionId: 1, words: EN });
    expectSlackAccepts([long]);
    expect(long.blocks.filter((block) => block.type === 'section').length).toBeGreaterThan(2);
    expect(squash(long.text)).toBe(squash(words('reply', 7_000)));
    expect(() => renderCoachReply(words('reply', 20_000), { sessionId: 1, words: EN })).toThrow(RangeError);
  });
});

