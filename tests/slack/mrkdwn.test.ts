import { boldLabel, decodeSlackText, escapeMrkdwn, MRKDWN_ENTITY } from '../../src/slack/mrkdwn';

describe('escapeMrkdwn', () => {
  it('turns mentions and links a person typed into plain text', () => {
    expect(escapeMrkdwn('<!channel> hi')).toBe('&lt;!channel&gt; hi');
    expect(escapeMrkdwn('<!here> <!everyone>')).toBe('&lt;!here&gt; &lt;!everyone&gt;');
    expect(escapeMrkdwn('ping <@U123>')).toBe('ping &lt;@U123&gt;');
    expect(escapeMrkdwn('<#C123|general>')).toBe('&lt;#C123|general&gt;');
    expect(escapeMrkdwn('<https://evil.example|click>')).toBe('&lt;https://evil.example|click&gt;');
    expect(escapeMrkdwn('<!subteam^S123>')).toBe('&lt;!subteam^S123&gt;');
  });

  it('escapes the ampersand first, so an entity a person typed shows as they typed it', () => {
    expect(escapeMrkdwn('R&D')).toBe('R&amp;D');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
    expect(escapeMrkdwn('a < b > c & d')).toBe('a &lt; b &gt; c &amp; d');
  });

  it('leaves everything else alone: formatting, quotes, emoji, other scripts', () => {
    const text = '*bold* _it_ ~s~ `code` "quotes" \'single\' ✅ ❓ 🌅 👨‍👩‍👧 日本語 :smile: > not at start';
    expect(escapeMrkdwn(text)).toBe(text.replace('>', '&gt;'));
    expect(escapeMrkdwn('')).toBe('');
  });

  it('leaves no raw control character behind', () => {
    const nasty = '<<>>&&<!channel>&amp;<@U1|x>';
    expect(escapeMrkdwn(nasty)).not.toMatch(/[<>]/);
    expect(escapeMrkdwn(nasty).replace(MRKDWN_ENTITY, '')).not.toContain('&');
  });

  it('is exactly what a person typed once Slack decodes it', () => {
    const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    for (const text of ['<!channel>', 'R&D', '&amp;', 'a<b>c', '🌅 & ✅']) expect(decode(escapeMrkdwn(text))).toBe(text);
  });
});

describe('boldLabel', () => {
  it('bolds our own labels and escapes them too', () => {
    expect(boldLabel('Missing exploration:')).toBe('*Missing exploration:*');
    expect(boldLabel('Problem Significance & Stakes')).toBe('*Problem Significance &amp; Stakes*');
  });
});

describe('decodeSlackText', () => {
  test('undoes Slack\'s escaping exactly once, so a round trip gives back what Slack sent', () => {
    expect(decodeSlackText('a &lt;script&gt; &amp; b')).toBe('a <script> & b');
    // A person who typed "&lt;" literally: Slack sends "&amp;lt;".
    expect(decodeSlackText('&amp;lt;')).toBe('&lt;');
    expect(decodeSlackText('<@U123> said hi')).toBe('<@U123> said hi');
    for (const sent of ['&amp;lt; &lt;b&gt;', 'x &amp;amp; y', '🔥 &gt;&gt; done']) {
      expect(escapeMrkdwn(decodeSlackText(sent))).toBe(sent);
    }
  });
});
