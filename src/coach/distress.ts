import type { Locale } from '../words/catalog';

/**
 * Does a person's message say they are not OK (self-harm, suicide, "I can't
 * go on", a crisis or burnout of their own)? Then the coach steps out of the
 * coaching for that turn (src/coach/turn.ts). Phrases, not words: "this bug
 * is killing me", "I'm dying to try it", "career suicide" or "a PR crisis"
 * are ordinary coaching material. Returns the language of the phrase it
 * found, so the kind words come in the language the person wrote in.
 *
 * Deliberately leans towards answering kindly: a false positive costs one
 * gentle message in an open session; a miss costs far more.
 */

/** Only this much of one message is read (the rest stays stored): keeps the regexes cheap on pastes. */
const WINDOW = 4_000;

/** End of a clause: what follows "I can't anymore" must not be "… wait for the release". */
const END = String.raw`(?=\s*(?:[.,;:!…)\-—]|$))`;

const PATTERNS: Record<Locale, RegExp[]> = {
  en: [
    /\b(?:kill(?:ing)?|hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?) myself\b/,
    /\b(?:end(?:ing)?|take|taking) my (?:own )?life\b/,
    /\bend(?:ing)? it all\b/,
    /(?<!\b(?:career|political|social|commercial|brand|business|pr) )\bsuicid(?:e|al)\b/,
    /\bself[- ]?harm/,
    /\b(?:want(?:ed)?|wanna|going|ready) to die\b/,
    /\bwish (?:i|i'd) (?:was|were|had) (?:dead|never been born)\b/,
    /\bbetter off dead\b/,
    /\b(?:don't|do not) want to (?:be alive|live|exist|wake up)\b/,
    /\bno (?:reason|point) (?:to|in) (?:live|living|going on)\b/,
    /\bi (?:can't|cannot|can not) go on\b(?! with| to\b)/,
    /\bi (?:can't|cannot) (?:do|take) (?:this|it) any ?more\b/,
    /\bi (?:can't|cannot) cope\b/,
    /\bi(?:'m| am) (?:really |just |honestly )?not (?:ok|okay|alright|all right|fine)\b(?! (?:with|about|to|if|that)\b)/,
    /\bi(?:'m| am) (?:\w+ ){0,2}(?:burn(?:ed|t)[- ]?out|falling apart|breaking down|in (?:a )?crisis)\b/,
    /\bi(?:'m| am| keep) having (?:a )?(?:breakdown|panic attacks?|mental breakdown)\b/,
  ],
  de: [
    /\bmich (?:selbst )?(?:umbringen|umzubringen|töten|verletzen|ritzen)\b/,
    /\bich bring(?:e)? mich (?:\p{L}+ )?um\b/u,
    /selbstmord|suizid|selbstverletz/,
    /\b(?:will|möchte|wollte) (?:einfach |nur noch |am liebsten )?sterben\b/,
    /\bnicht mehr (?:leben|da sein|aufwachen)\b/,
    new RegExp(String.raw`\bich kann (?:einfach |echt |wirklich |so )?nicht mehr(?: weiter| so weitermachen)?${END}`),
    /\bmir geht(?:'s| es) (?:gerade |wirklich |gar |echt )?(?:nicht gut|schlecht|richtig schlecht|sehr schlecht)\b/,
    /\bich bin (?:\p{L}+ ){0,2}(?:ausgebrannt|am ende(?! de[rsmn]\b)|in einer krise)\b/u,
    /\b(?:habe|hab|hatte) (?:einen |ein )?(?:burn-?out|nervenzusammenbruch|panikattacken?)\b/,
  ],
  ja: [
    /死にたい|死んでしまいたい|消えたい|消えてしまいたい|いなくなりたい/,
    /自殺|自死|自傷|自分を傷つけ|リスカ|リストカット/,
    /生きていたくない|生きたくない|生きるのが(?:つらい|辛い|しんどい)/,
    /(?:私|わたし|僕|ぼく|俺|おれ|自分)(?:は|、)?(?:もう|ぜんぜん|全然)?大丈夫じゃない|もう大丈夫じゃない/,
    /(?:精神的に|心が|メンタルが|私は|僕は|俺は|自分は)(?:もう)?限界|燃え尽き/,
  ],
  es: [
    /\bsuicid(?:io|arme|arse|a|al)\b/,
    /\bquitarme la vida\b/,
    /\b(?:quiero|voy a|pienso en|pensando en|ganas de) matarme\b/,
    /\b(?:me quiero morir|quiero morirme|quiero morir)\b/,
    /\bno quiero (?:seguir )?(?:vivir|viviendo|existir|despertar)\b/,
    /\bhacerme daño\b|\bautolesi/,
    new RegExp(String.raw`\b(?:ya )?no puedo más${END}`),
    new RegExp(String.raw`\bno estoy bien${END}`),
    /\bestoy (?:\p{L}+ ){0,2}(?:quemad[oa]|en crisis|destrozad[oa])\b/u,
    /\b(?:tengo|tuve|tengo un|tuve un) (?:ataques? de pánico|burn-?out)\b/,
  ],
};

const ORDER: readonly Locale[] = ['en', 'de', 'es', 'ja'];

/** The language of a distress phrase in `text`, or null when it has none. */
export function distressIn(text: string): Locale | null {
  const window = text.slice(0, WINDOW).toLowerCase().replace(/[’‘`´]/g, "'").replace(/\s+/g, ' ');
  for (const locale of ORDER) {
    if (PATTERNS[locale].some((pattern) => pattern.test(window))) return locale;
  }
  return null;
}
