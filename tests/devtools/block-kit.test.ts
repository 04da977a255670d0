/**
 * The fake Slack's Block Kit validator (devtools/block-kit): it refuses what
 * Slack refuses, by Slack's published limits, with Slack's codes and wording.
 */
import { validateMessage, validateView, withinMeasuredTotal } from '../../devtools/block-kit/validate';
import { MEASURED_MESSAGE_BLOCKS_TOTAL } from '../../devtools/block-kit/slack-limits';

describe('validateMessage and validateView: the limits renderers are held to', () => {
  const text = (t: string, type: 'plain_text' | 'mrkdwn' = 'plain_text') => ({ type, text: t });
  const option = (v: string) => ({ text: text(v), value: v });
  const lines = (violations: ReturnType<typeof validateMessage>) => violations.map((v) => `${v.code}: ${v.message} @ ${v.pointer}`);

  it('accepts every block and element type the bot may use', () => {
    const blocks = [
      { type: 'header', text: text('h'.repeat(150)) },
      { type: 'section', text: text('s'.repeat(3_000), 'mrkdwn'), accessory: { type: 'overflow', action_id: 'o', options: [option('a'), option('b')] } },
      { type: 'section', fields: Array.from({ length: 10 }, (_, i) => text(i === 0 ? 'f'.repeat(2_000) : 'f', 'mrkdwn')) },
      { type: 'divider' },
      { type: 'context', elements: [text('c', 'mrkdwn'), { type: 'image', image_url: 'https://x.example/a.png', alt_text: 'a' }] },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: text('b'.repeat(75)), action_id: 'b', value: 'v'.repeat(2_000), style: 'primary' },
          { type: 'timepicker', action_id: 't', initial_time: '07:30' },
          { type: 'datepicker', action_id: 'd', initial_date: '2026-11-24' },
          { type: 'checkboxes', action_id: 'c', options: [option('mon')] },
          { type: 'static_select', action_id: 's', placeholder: text('Pick'), options: [option('a')] },
        ],
      },
      { type: 'input', label: text('Time'), element: { type: 'plain_text_input', action_id: 'i', multiline: true } },
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'hi' }, { type: 'emoji', name: 'wave' }] }] },
      { type: 'markdown', text: 'm'.repeat(100) },
      { type: 'image', image_url: 'https://x.example/a.png', alt_text: 'a' },
    ];
    expect(lines(validateMessage({ text: 'fallback', blocks }))).toEqual([]);
    // Each block within its own limit, but all together too long: Slack's undocumented total.
    const full = { type: 'section', text: text('s'.repeat(3_000), 'mrkdwn') };
    expect(lines(validateMessage({ text: 'fallback', blocks: [full, full, full, full] }))).toEqual([]);
    expect(lines(validateMessage({ text: 'fallback', blocks: [full, full, full, full, full] }))).toEqual(['msg_blocks_too_long: msg blocks too long @ /blocks']);
  });

  it('refuses what Slack refuses, pointing at the value', () => {
    expect(lines(validateMessage({ text: 'x', blocks: [{ type: 'header', text: text('h'.repeat(151)) }] }))).toEqual([
      'invalid_blocks: must be less than 151 characters @ /blocks/0/text/text',
    ]);
    expect(lines(validateMessage({ text: 'x', blocks: [{ type: 'header', text: text('h', 'mrkdwn') }] }))).toEqual([
      'invalid_blocks: must be one of: plain_text @ /blocks/0/text/type',
    ]);
    expect(lines(validateMessage({ text: 'x', blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => text('f')) }] }))).toEqual([
      'invalid_blocks: no more than 10 items allowed @ /blocks/0/fields',
    ]);
    expect(lines(validateMessage({ text: 'x', blocks: [{ type: 'actions', elements: [{ type: 'button', text: text('b'.repeat(76)), action_id: 'b' }] }] }))).toEqual([
      'invalid_blocks: must be less than 76 characters @ /blocks/0/elements/0/text/text',
    ]);
    expect(lines(validateMessage({ text: 'x', blocks: [{ type: 'actions', elements: [{ type: 'radio_telescope', action_id: 'r' }] }] }))).toEqual([
      'invalid_blocks: unsupported type: radio_telescope @ /blocks/0/elements/0/type',
    ]);
    expect(lines(validateMessage({ text: 'x', blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => text('c')) }] }))).toEqual([
      'invalid_blocks: no more than 10 items allowed @ /blocks/0/elements',
    ]);
    expect(lines(validateMessage({ text: 'x', blocks: [{ type: 'markdown', text: 'm'.repeat(12_001) }] }))).toContain(
      'invalid_blocks: must be less than 12001 characters @ /blocks/0/text',
    );
    expect(lines(validateMessage({ text: 'x', blocks: [{ type: 'section' }] }))).toEqual(['invalid_blocks: must provide either text or fields @ /blocks/0/text']);
    expect(lines(validateMessage({ text: 'x', blocks: [{ type: 'section', text: text('') }] }))).toEqual([
      'invalid_blocks: must be more than 0 characters @ /blocks/0/text/text',
    ]);
    expect(lines(validateMessage({ text: 'x', blocks: [{ type: 'divider', block_id: 'a' }, { type: 'divider', block_id: 'a' }] }))).toEqual([
      'invalid_blocks: duplicate block_id: a @ /blocks/1/block_id',
    ]);
    expect(lines(validateMessage({ text: 'x', blocks: 'not json' }))).toEqual(['invalid_blocks_format: must be a JSON array @ /blocks']);
    expect(lines(validateMessage({}))).toEqual(['no_text: must provide text or blocks @ ']);
  });

  it('refuses views as views.publish does, with invalid_arguments under /view', () => {
    expect(validateView({ type: 'home', blocks: Array.from({ length: 100 }, () => ({ type: 'divider' })) })).toEqual([]);
    expect(lines(validateView({ type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }))).toEqual([
      'invalid_arguments: no more than 100 items allowed @ /view/blocks',
    ]);
    expect(lines(validateView({ type: 'home', blocks: [{ type: 'markdown', text: 'm' }] }))).toEqual(['invalid_arguments: unsupported type: markdown @ /view/blocks/0/type']);
    expect(lines(validateView({ type: 'modal', title: text('t'.repeat(25)), blocks: [] }))).toEqual([
      'invalid_arguments: must be less than 25 characters @ /view/title/text',
    ]);
    expect(lines(validateView({ type: 'modal', title: text('Settings'), blocks: [{ type: 'input', label: text('l'), element: { type: 'plain_text_input' } }] }))).toEqual([
      'invalid_arguments: must define `submit` to use an `input` block in modals @ /view/blocks/0/input',
    ]);
    expect(lines(validateView({ type: 'home', blocks: [], private_metadata: 'p'.repeat(3_001) }))).toEqual([
      'invalid_arguments: must be less than 3001 characters @ /view/private_metadata',
    ]);
  });
});

describe('the measured total of a message\'s blocks (msg_blocks_too_long)', () => {
  const markdown = (n: number) => ({ type: 'markdown', text: 'm'.repeat(n) });
  const { singleBlockText, perFurtherBlock } = MEASURED_MESSAGE_BLOCKS_TOTAL;

  it('takes markdown blocks up to 13,297 characters, as measured, and refuses one more', () => {
    // Over the markdown block's own 12,000 in one block, so two blocks carry it.
    const half = Math.floor((singleBlockText - perFurtherBlock) / 2);
    const rest = singleBlockText - perFurtherBlock - half;
    expect(withinMeasuredTotal([markdown(half), markdown(rest)])).toBe(true);
    expect(withinMeasuredTotal([markdown(half), markdown(rest + 1)])).toBe(false);
  });

  it('counts a divider as the 125 characters it moved the threshold by', () => {
    const sections = [{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3_000) } }];
    const four = Array.from({ length: 4 }, () => sections[0]!);
    expect(withinMeasuredTotal(four)).toBe(true);
    // 12,000 characters and three further blocks weigh 12,375; eight dividers more weigh 13,375.
    expect(withinMeasuredTotal([...four, ...Array.from({ length: 7 }, () => ({ type: 'divider' }))])).toBe(true);
    expect(withinMeasuredTotal([...four, ...Array.from({ length: 8 }, () => ({ type: 'divider' }))])).toBe(false);
    expect(validateMessage({ text: 'x', blocks: [...four, ...Array.from({ length: 8 }, () => ({ type: 'divider' }))] })).toEqual([
      { code: 'msg_blocks_too_long', message: 'msg blocks too long', pointer: '/blocks' },
    ]);
  });
});
