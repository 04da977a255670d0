import {
  blocksToHtml,
  markdownToHtml,
  messageToHtml,
  mrkdwnToHtml,
  plainTextToHtml,
  richTextToHtml,
  safeUrl,
} from '../../devtools/emulator/render';

/**
 * The local page's Block Kit and mrkdwn renderer. Pure functions, so these
 * check the HTML strings; the browser test checks that the page shows them.
 */

/** The text a browser would show for an HTML fragment, roughly: tags dropped, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<br>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every tag in the HTML; XSS checks look for any tag or attribute not of ours. */
function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

const OUR_TAGS = /^<\/?(div|span|b|i|s|code|pre|blockquote|ul|ol|li|a|br|hr|h[1-6]|p|button|input|label|fieldset|select|option|optgroup|img)(\s|>|$)/;
const OUR_ATTRIBUTES = new Set(['class', 'type', 'value', 'href', 'target', 'rel', 'name', 'checked', 'selected', 'disabled', 'start', 'aria-label', 'placeholder', 'src', 'alt', 'loading', 'referrerpolicy', 'style', 'label']);

/** Every tag is one of ours, with only our attributes, every value quoted and free of raw quotes. */
function assertInert(html: string): void {
  for (const tag of tags(html)) {
    expect(tag).toMatch(OUR_TAGS);
    const attributes = tag.replace(/^<\/?[a-z0-9]+/, '').replace(/>$/, '');
    const names = [...attributes.matchAll(/\s([^\s=]+)(?:="[^"]*")?/g)].map((m) => m[1] ?? '');
    expect(attributes.replace(/\s([^\s=]+)(?:="[^"]*")?/g, '')).toBe('');
    for (const name of names) expect(name.startsWith('data-') || OUR_ATTRIBUTES.has(name)).toBe(true);
    expect(tag).not.toMatch(/(href|src)="(?!https?:|mailto:)/);
  }
}

describe('mrkdwn', () => {
  it('renders *bold*, _italic_, ~strike~ and `code`', () => {
    expect(mrkdwnToHtml('a *bold* b')).toContain('<b>bold</b>');
    expect(mrkdwnToHtml('an _italic_ word')).toContain('<i>italic</i>');
    expect(mrkdwnToHtml('~gone~')).toContain('<s>gone</s>');
    expect(mrkdwnToHtml('run `npm start` now')).toContain('<code class="mk-code">npm start</code>');
    expect(mrkdwnToHtml('*bold with _italic_ inside*')).toContain('<b>bold with <i>italic</i> inside</b>');
  });

  it('leaves marks inside words and code alone', () => {
    expect(mrkdwnToHtml('snake_case_name')).not.toContain('<i>');
    expect(mrkdwnToHtml('2*3*4')).not.toContain('<b>');
    expect(mrkdwnToHtml('* not bold *')).not.toContain('<b>');
    expect(mrkdwnToHtml('`*not bold*`')).toContain('<code class="mk-code">*not bold*</code>');
  });

  it('renders ``` code blocks as preformatted text without formatting', () => {
    const html = mrkdwnToHtml('before\n```\nconst x = *y*;\n  indented\n```\nafter');
    expect(html).toContain('<pre class="mk-pre">const x = *y*;\n  indented</pre>');
    expect(html).toContain('before');
    expect(html).toContain('after');
    expect(mrkdwnToHtml('inline ```code``` block')).toContain('<pre class="mk-pre">code</pre>');
  });

  it('renders > quotes (raw or escaped) and bullet and numbered lists', () => {
    expect(mrkdwnToHtml('> quoted\n> twice')).toBe('<blockquote class="mk-quote">quoted<br>twice</blockquote>');
    expect(mrkdwnToHtml('&gt; escaped quote')).toBe('<blockquote class="mk-quote">escaped quote</blockquote>');
    expect(mrkdwnToHtml('• one\n• two')).toBe('<ul class="mk-list"><li>one</li><li>two</li></ul>');
    expect(mrkdwnToHtml('- dash')).toContain('<ul class="mk-list"><li>dash</li></ul>');
    expect(mrkdwnToHtml('1. first\n2. *second*')).toBe('<ol class="mk-list" start="1"><li>first</li><li><b>second</b></li></ol>');
  });

  it('renders <url|label> and <url> links, http, https and mailto only', () => {
    expect(mrkdwnToHtml('see <https://example.com/a?b=1&amp;c=2|the docs>')).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">the docs</a>',
    );
    expect(mrkdwnToHtml('<http://example.com>')).toContain('href="http://example.com/"');
    expect(mrkdwnToHtml('<mailto:a@example.com|mail me>')).toContain('href="mailto:a@example.com"');
    for (const evil of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'java\tscript:alert(1)', '//evil.example']) {
      const html = mrkdwnToHtml(`<${evil}|click>`);
      expect(html).not.toContain('href');
      expect(visibleText(html)).toContain('click');
    }
  });

  it('renders mentions and broadcasts as text, never as links', () => {
    expect(visibleText(mrkdwnToHtml('hi <@U123>', { userName: (id) => (id === 'U123' ? 'Alex' : undefined) }))).toBe('hi @Alex');
    expect(visibleText(mrkdwnToHtml('<!channel> and <!here>'))).toBe('@channel and @here');
    expect(visibleText(mrkdwnToHtml('<#C1|general>'))).toBe('#general');
    expect(visibleText(mrkdwnToHtml('<!date^1700000000^{date}|Nov 14>'))).toBe('Nov 14');
  });

  it('decodes &amp; &lt; &gt; exactly once', () => {
    expect(visibleText(mrkdwnToHtml('Problem Significance &amp; Stakes'))).toBe('Problem Significance & Stakes');
    expect(visibleText(mrkdwnToHtml('a &lt;b&gt; c'))).toBe('a <b> c');
    // A person who typed "&lt;" literally: Slack sends "&amp;lt;", which shows as "&lt;".
    expect(visibleText(mrkdwnToHtml('&amp;lt;'))).toBe('&lt;');
    expect(mrkdwnToHtml('&amp;lt;')).toContain('&amp;lt;');
    // Other entities are not Slack's: shown as written.
    expect(visibleText(mrkdwnToHtml('&quot;x&quot;'))).toBe('&quot;x&quot;');
  });

  it('turns common :emoji: shortcodes into Unicode and leaves unknown ones', () => {
    expect(visibleText(mrkdwnToHtml('Good morning :sunrise: :white_check_mark: :question: :+1:'))).toBe('Good morning 🌅 ✅ ❓ 👍');
    expect(visibleText(mrkdwnToHtml(':not_an_emoji_we_know:'))).toBe(':not_an_emoji_we_know:');
    expect(visibleText(mrkdwnToHtml('at 10:30:15'))).toBe('at 10:30:15');
    expect(mrkdwnToHtml('`:sunrise:`')).toContain(':sunrise:');
  });

  it('keeps line breaks', () => {
    expect(mrkdwnToHtml('one\ntwo')).toBe('<span class="mk-p">one<br>two</span>');
  });
});

describe('nothing in a text can run script', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '<img src=x onerror=alert(1)>',
    '&lt;img src=x onerror=alert(1)&gt;',
    '"><img src=x onerror=alert(1)>',
    '<javascript:alert(1)|click me>',
    '<https://example.com" onmouseover="alert(1)|x>',
    '*<img src=x onerror=alert(1)>*',
    '`<script>alert(1)</script>`',
    '```<script>alert(1)</script>```',
    '\uE0000\uE001<script>',
  ];

  it.each(attacks)('mrkdwn %s renders inert', (attack) => {
    assertInert(mrkdwnToHtml(attack));
    assertInert(markdownToHtml(attack));
    assertInert(plainTextToHtml(attack));
  });

  it('shows an escaped attack as the text the person typed', () => {
    expect(visibleText(mrkdwnToHtml('&lt;script&gt;alert(1)&lt;/script&gt;'))).toBe('<script>alert(1)</script>');
    expect(visibleText(mrkdwnToHtml('&lt;img src=x onerror=alert(1)&gt;'))).toBe('<img src=x onerror=alert(1)>');
  });

  it('keeps quotes out of attributes', () => {
    const html = blocksToHtml([
      {
        type: 'actions',
        block_id: '"><script>x</script>',
        elements: [{ type: 'button', action_id: 'a" onclick="alert(1)', value: "'><img src=x onerror=alert(1)>", text: { type: 'plain_text', text: '<b>hi</b>' } }],
      },
    ]);
    assertInert(html);
    expect(html).toContain('data-action-id="a&quot; onclick=&quot;alert(1)"');
    expect(visibleText(html)).toBe('<b>hi</b>');
  });

  it('renders attacks inside every block type inert', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    const html = messageToHtml({
      text: evil,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: evil } },
        { type: 'section', text: { type: 'mrkdwn', text: evil }, fields: [{ type: 'plain_text', text: evil }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: evil }, { type: 'image', image_url: 'javascript:alert(1)', alt_text: evil }] },
        { type: 'markdown', text: `${evil} [x](javascript:alert(1))` },
        { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: evil }, { type: 'link', url: 'javascript:alert(1)', text: evil }] }] },
        { type: evil },
      ],
      attachments: [{ color: '"red;background:url(x)', text: evil, title: evil }],
    });
    assertInert(html);
    expect(html).not.toMatch(/href="javascript|src="javascript/);
  });
});

describe('Block Kit', () => {
  it('renders a header as a heading', () => {
    expect(blocksToHtml([{ type: 'header', text: { type: 'plain_text', text: 'Deep Thoughts: Ship it :rocket:', emoji: true } }])).toBe(
      '<div class="bk bk-header" data-block-id="auto-block-0"><h3>Deep Thoughts: Ship it 🚀</h3></div>',
    );
  });

  it('decodes entities in plain_text once', () => {
    expect(visibleText(blocksToHtml([{ type: 'header', text: { type: 'plain_text', text: 'Stakes &amp; scope' } }]))).toBe('Stakes & scope');
  });

  it('renders a section with mrkdwn text, fields and an accessory button', () => {
    const html = blocksToHtml([
      {
        type: 'section',
        block_id: 'report-1',
        text: { type: 'mrkdwn', text: '*1. Problem Significance &amp; Stakes*\nIt matters.' },
        fields: [
          { type: 'mrkdwn', text: '*Score*\n8/10' },
          { type: 'plain_text', text: 'Plain *field*' },
        ],
        accessory: { type: 'button', action_id: 'open_report', value: 'session-1', text: { type: 'plain_text', text: 'Open' } },
      },
    ]);
    expect(html).toContain('<b>1. Problem Significance &amp; Stakes</b><br>It matters.');
    expect(html).toContain('<div class="bk-fields"><div class="bk-field"><span class="mk-p"><b>Score</b><br>8/10</span></div><div class="bk-field">Plain *field*</div></div>');
    expect(html).toContain(
      '<div class="bk-accessory"><button type="button" class="bk-button" data-action-type="button" data-action-id="open_report" data-block-id="report-1" data-value="session-1">Open</button></div>',
    );
  });

  it('renders a divider, a context line and an actions block with styled buttons', () => {
    const html = blocksToHtml([
      { type: 'divider' },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '📅 2026-11-24 · *7* turns' }, { type: 'plain_text', text: '12 min' }] },
      {
        type: 'actions',
        block_id: 'acts',
        elements: [
          { type: 'button', action_id: 'wrap_up', value: 's1', style: 'primary', text: { type: 'plain_text', text: 'Wrap up' } },
          { type: 'button', action_id: 'skip', value: 'x', style: 'danger', text: { type: 'plain_text', text: 'Skip today' } },
          { type: 'button', value: 'y', text: { type: 'plain_text', text: 'No id' } },
        ],
      },
    ]);
    expect(html).toContain('<div class="bk bk-divider" data-block-id="auto-block-0"><hr></div>');
    expect(html).toContain('<span class="bk-context-item"><span class="mk-p">📅 2026-11-24 · <b>7</b> turns</span></span><span class="bk-context-item">12 min</span>');
    expect(html).toContain('class="bk-button bk-button-primary" data-action-type="button" data-action-id="wrap_up" data-block-id="acts" data-value="s1"');
    expect(html).toContain('class="bk-button bk-button-danger"');
    expect(html).toContain('data-action-id="auto-action-2"');
  });

  it('renders a timepicker with its initial time', () => {
    const html = blocksToHtml([{ type: 'actions', block_id: 'nudge', elements: [{ type: 'timepicker', action_id: 'nudge_time', initial_time: '09:00' }] }]);
    expect(html).toContain('<input type="time" class="bk-timepicker" data-action-type="timepicker" data-action-id="nudge_time" data-block-id="nudge" value="09:00" aria-label="Time">');
  });

  it('renders checkboxes with their initial options checked', () => {
    const days = ['Mon', 'Tue', 'Wed'].map((d, i) => ({ text: { type: 'plain_text', text: d }, value: String(i + 1) }));
    const html = blocksToHtml([
      { type: 'input', block_id: 'days', dispatch_action: true, label: { type: 'plain_text', text: 'Days' }, element: { type: 'checkboxes', action_id: 'nudge_days', options: days, initial_options: [days[0], days[2]] } },
    ]);
    expect(html).toContain('<div class="bk-input-label">Days</div>');
    expect(html).toContain('<fieldset class="bk-checkboxes" data-action-type="checkboxes" data-action-id="nudge_days" data-block-id="days">');
    expect(html).toContain('<input type="checkbox" name="days/nudge_days" value="1" checked><span class="bk-option-text">Mon</span>');
    expect(html).toContain('<input type="checkbox" name="days/nudge_days" value="2"><span class="bk-option-text">Tue</span>');
    expect(html).toContain('value="3" checked>');
  });

  it('marks input elements without dispatch_action as not sending actions', () => {
    const html = blocksToHtml([{ type: 'input', label: { type: 'plain_text', text: 'When' }, element: { type: 'datepicker', action_id: 'pause_until', initial_date: '2026-12-01' } }]);
    expect(html).toContain('data-dispatch="false"');
    expect(html).toContain('type="date"');
    expect(html).toContain('value="2026-12-01"');
  });

  it('renders selects and radio buttons', () => {
    const options = [
      { text: { type: 'plain_text', text: 'One' }, value: '1' },
      { text: { type: 'plain_text', text: 'Two' }, value: '2' },
    ];
    const html = blocksToHtml([
      { type: 'section', text: { type: 'mrkdwn', text: 'Pick' }, accessory: { type: 'static_select', action_id: 'pick', options, initial_option: options[1] } },
      { type: 'actions', elements: [{ type: 'radio_buttons', action_id: 'radio', options }] },
    ]);
    expect(html).toContain('<option value="2" selected>Two</option>');
    expect(html).toContain('<input type="radio" name="auto-block-1/radio" value="1">');
  });

  it('renders rich_text sections, styles, links, lists, quotes and preformatted text', () => {
    const html = richTextToHtml({
      type: 'rich_text',
      elements: [
        {
          type: 'rich_text_section',
          elements: [
            { type: 'text', text: 'Hello ' },
            { type: 'text', text: 'bold', style: { bold: true } },
            { type: 'text', text: ' & ' },
            { type: 'text', text: 'code', style: { code: true } },
            { type: 'link', url: 'https://example.com', text: 'site' },
            { type: 'emoji', name: 'tada', unicode: '1f389' },
            { type: 'emoji', name: 'rocket' },
            { type: 'user', user_id: 'U1' },
          ],
        },
        { type: 'rich_text_list', style: 'bullet', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'item' }] }] },
        { type: 'rich_text_list', style: 'ordered', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'first' }] }] },
        { type: 'rich_text_quote', elements: [{ type: 'text', text: 'quoted' }] },
        { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'x <y>' }] },
      ],
    });
    expect(html).toContain('Hello <b>bold</b> &amp; <code class="mk-code">code</code><a href="https://example.com/"');
    expect(html).toContain('🎉🚀<span class="mk-mention">@U1</span>');
    expect(html).toContain('<ul class="mk-list rt-indent-0"><li>item</li></ul>');
    expect(html).toContain('<ol class="mk-list rt-indent-0"><li>first</li></ol>');
    expect(html).toContain('<blockquote class="mk-quote">quoted</blockquote>');
    expect(html).toContain('<pre class="mk-pre">x &lt;y&gt;</pre>');
  });

  it('renders the markdown block as standard Markdown', () => {
    const html = blocksToHtml([
      { type: 'markdown', text: '# Title\n**bold** and *italic* and ~~gone~~ and `code`\n\n- a\n- b\n\n1. one\n\n> quote\n\n```\nx = 1\n```\n[docs](https://example.com)' },
    ]);
    expect(html).toContain('<h3 class="md-h">Title</h3>');
    expect(html).toContain('<b>bold</b> and <i>italic</i> and <s>gone</s> and <code class="mk-code">code</code>');
    expect(html).toContain('<ul class="mk-list"><li>a</li><li>b</li></ul>');
    expect(html).toContain('<ol class="mk-list" start="1"><li>one</li></ol>');
    expect(html).toContain('<blockquote class="mk-quote">quote</blockquote>');
    expect(html).toContain('<pre class="mk-pre">x = 1</pre>');
    expect(html).toContain('<a href="https://example.com/"');
  });

  it('shows an unknown block or element as a visible marker', () => {
    expect(blocksToHtml([{ type: 'video' }])).toContain('[unsupported block: video]');
    expect(blocksToHtml([{ type: 'actions', elements: [{ type: 'users_select' }] }])).toContain('[unsupported element: users_select]');
  });

  it('renders a message from its blocks, or from its text when it has none', () => {
    expect(messageToHtml({ text: 'fallback', blocks: [{ type: 'divider' }] })).not.toContain('fallback');
    expect(messageToHtml({ text: 'just *text*' })).toBe('<div class="bk-text"><span class="mk-p">just <b>text</b></span></div>');
    expect(messageToHtml({ text: 'raw *text*', mrkdwn: false })).toBe('<div class="bk-text">raw *text*</div>');
  });
});

describe('safeUrl', () => {
  it('allows http, https and mailto only', () => {
    expect(safeUrl('https://example.com/x')).toBe('https://example.com/x');
    expect(safeUrl('http://example.com')).toBe('http://example.com/');
    expect(safeUrl('mailto:a@example.com')).toBe('mailto:a@example.com');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl(' javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,x')).toBeNull();
    expect(safeUrl('/relative')).toBeNull();
    expect(safeUrl('ftp://example.com')).toBeNull();
  });
});
