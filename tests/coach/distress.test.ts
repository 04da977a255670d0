import { distressIn } from '../../src/coach/distress';

describe('distressIn', () => {
  it.each([
    ['en', "I'm not okay."],
    ['en', 'honestly i am not ok'],
    ['en', 'I want to die'],
    ['en', 'Sometimes I think about killing myself'],
    ['en', "I can't go on like this"],
    ['en', 'I keep thinking about suicide'],
    ['en', 'I have been having suicidal thoughts'],
    ['en', 'I’ve started to self-harm again'],
    ['en', "I can't take this anymore"],
    ['en', "I'm completely burnt out and falling apart"],
    ['en', 'I wish I was dead'],
    ['en', 'I don’t want to wake up tomorrow'],
    ['de', 'Mir geht es gar nicht gut.'],
    ['de', 'Ich kann einfach nicht mehr.'],
    ['de', 'Ich will nur noch sterben'],
    ['de', 'Ich denke an Selbstmord'],
    ['de', 'Ich bin total ausgebrannt'],
    ['de', 'Manchmal will ich mich umbringen'],
    ['de', 'Ich bin am Ende'],
    ['ja', 'もう死にたい'],
    ['ja', '消えたいと思ってしまう'],
    ['ja', '私はもう大丈夫じゃない'],
    ['ja', '生きるのがつらい'],
    ['ja', '精神的に限界です'],
    ['es', 'No estoy bien.'],
    ['es', 'Ya no puedo más'],
    ['es', 'Me quiero morir'],
    ['es', 'He pensado en el suicidio'],
    ['es', 'Estoy totalmente quemada'],
    ['es', 'A veces quiero hacerme daño'],
  ] as const)('hears %s distress in %p', (locale, text) => {
    expect(distressIn(text)).toBe(locale);
  });

  it.each([
    'This bug is killing me',
    'The deadline is killing me, I need to ship the migration by 5pm',
    "I'm dying to try the new API",
    "I'm not okay with the current design, I want to refactor the parser",
    "We can't go on with the release until the tests pass",
    'That would be career suicide for the product',
    'We have a PR crisis with the launch',
    'I want to write a doc on preventing team burnout',
    'kill the process myself and restart it',
    'I want to finish the quarterly report today',
    'Der Bug bringt mich um',
    'Ich sterbe vor Neugier auf das neue Feature',
    'Ich kann nicht mehr warten, bis das Release draußen ist',
    'Ich bin am Ende des Tages mit dem Entwurf fertig',
    'Mir geht es gut, ich will heute den Bericht schreiben',
    'このバグに殺されそう',
    '新しいAPIを死ぬほど試したい',
    'このコードは大丈夫じゃないので直したい',
    'サーバーがもう限界なので増強したい',
    'Este bug me está matando',
    'Me muero por probar la nueva versión',
    'No estoy bien seguro de qué tarea elegir',
    'No puedo más de dos horas en esto hoy',
    '',
  ])('leaves %p to the coaching', (text) => {
    expect(distressIn(text)).toBeNull();
  });

  it('reads only the start of a long paste', () => {
    expect(distressIn(`${'log line\n'.repeat(1_000)}I want to die`)).toBeNull();
  });
});
